package store_test

import (
	"testing"

	"github.com/klacht/klacht/internal/store/storetest"
)

// TestConformance runs the storage suite on every configured dialect:
// SQLite always, PostgreSQL when KLACHT_TEST_POSTGRES is set.
func TestConformance(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) { storetest.Run(t, open) })
	}
}
