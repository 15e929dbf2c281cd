// Package storetest is the conformance suite every database dialect must
// pass, and the helpers that give each test its own fresh database: a file
// in a temporary folder for SQLite, a schema of its own for PostgreSQL.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// PostgresEnv names the variable holding the URL of a PostgreSQL server for
// tests; when it is empty, PostgreSQL tests are skipped.
const PostgresEnv = "KLACHT_TEST_POSTGRES"

// Opener makes a fresh, migrated, seeded store for one test.
type Opener func(tb testing.TB) *store.Store

// Dialects returns the openers to run: SQLite always, PostgreSQL when
// PostgresEnv is set.
func Dialects() map[string]Opener {
	d := map[string]Opener{"sqlite": OpenSQLite}
	if os.Getenv(PostgresEnv) != "" {
		d["postgres"] = OpenPostgres
	}
	return d
}

// SQLiteDSN returns a DSN for a new SQLite file in a temporary folder.
func SQLiteDSN(tb testing.TB) string {
	return "sqlite:" + filepath.Join(tb.TempDir(), "klacht.db")
}

// PostgresDSN creates an empty schema of its own on the test server and
// returns a DSN whose search_path points at it; the schema is dropped when
// the test ends. The test is skipped when no server is configured.
func PostgresDSN(tb testing.TB) string {
	base := os.Getenv(PostgresEnv)
	if base == "" {
		tb.Skipf("%s not set; skipping PostgreSQL", PostgresEnv)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("open %s: %v", PostgresEnv, err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenDSN opens, migrates and seeds the database at dsn, closing it when
// the test ends.
func OpenDSN(tb testing.TB, dsn string) *store.Store {
	tb.Helper()
	ctx := store.System(context.Background())
	s, err := store.Open(ctx, dsn)
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	dsns.Store(s, dsn)
	tb.Cleanup(func() { dsns.Delete(s); s.Close() })
	if err := s.Migrate(ctx); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	if _, err := s.SeedProfile(ctx, procedure.Default()); err != nil {
		tb.Fatalf("seed: %v", err)
	}
	return s
}

// OpenSQLite returns a fresh SQLite store.
func OpenSQLite(tb testing.TB) *store.Store { return OpenDSN(tb, SQLiteDSN(tb)) }

// OpenPostgres returns a fresh PostgreSQL store, or skips.
func OpenPostgres(tb testing.TB) *store.Store { return OpenDSN(tb, PostgresDSN(tb)) }
