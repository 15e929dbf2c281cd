package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/klacht/klacht/internal/fault"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations
var migrations embed.FS

// Migrate applies every pending migration. On PostgreSQL a session lock
// makes it safe for several servers starting at once.
func (s *Store) Migrate(ctx context.Context) (err error) {
	defer fault.Wrap(&err, "migrate")
	var (
		dialect goose.Dialect
		dir     string
		opts    []goose.ProviderOption
	)
	switch s.dialect {
	case SQLite:
		dialect, dir = goose.DialectSQLite3, "migrations/sqlite"
	case Postgres:
		dialect, dir = goose.DialectPostgres, "migrations/postgres"
		// Poll the lock each second for up to five minutes: a second server
		// waits for the first to finish migrating instead of failing.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(dialect, s.w, sub, opts...)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", s.source, err)
	}
	return nil
}
