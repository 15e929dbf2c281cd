package cli

import (
	"os"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// openKeyed opens a SQLite database the CLI made, with the audit keys the
// CLI made beside it (keyFile; default PATH.audit-key), as klacht serve
// would.
func openKeyed(t *testing.T, db string, keyFile ...string) *store.Store {
	t.Helper()
	file := strings.TrimPrefix(db, "sqlite:") + ".audit-key"
	if len(keyFile) > 0 {
		file = keyFile[0]
	}
	ring, _, err := audit.LoadKeyFile(file, false)
	if err != nil {
		t.Fatal(err)
	}
	s := storetest.OpenDSN(t, db)
	s.SetAuditKeys(ring)
	return s
}
