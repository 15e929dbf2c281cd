package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// ErrBackupPostgres says that PostgreSQL is backed up with its own tools.
var ErrBackupPostgres = errors.New(
	"on PostgreSQL, back up with pg_dump and restore with pg_restore (see docs/backup.md)",
)

// Backup writes a consistent copy of the database to path while the
// database stays in use: SQLite's VACUUM INTO reads one snapshot and
// writes a compact file. path must not exist yet.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect == Postgres {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists; choose a new file", path)
	}
	// On the writer's connection (readers are query-only): writes wait
	// for the copy, which reads one snapshot.
	if _, err := s.w.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
