package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/klacht/klacht/internal/store"
)

// pgBackupHelp is how a PostgreSQL database is backed up and restored.
const pgBackupHelp = `on PostgreSQL, use its own tools (see docs/backup.md):
  pg_dump --format=custom --file=klacht.dump "$KLACHT_DB"
  pg_restore --clean --if-exists --no-owner --dbname="$KLACHT_DB" klacht.dump
then check the restored audit log with: klacht audit verify`

// runBackup is `klacht backup PATH`: a consistent copy of a SQLite
// database, made while klacht serves, checked before it is reported.
func runBackup(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "backup", args, &cfg)
	if err != nil {
		return err
	}
	path, args := leadingArg(args)
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	if path == "" {
		return fmt.Errorf("%w: give the file to write: klacht backup PATH", errUsage)
	}
	if d, _, _ := store.ParseDSN(cfg.DB); d == store.Postgres {
		return fmt.Errorf("%s", pgBackupHelp)
	}
	s, _, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, path); err != nil {
		return err
	}
	complaints, entries, err := checkDatabase(ctx, env, "sqlite:"+path)
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("the backup does not check out, removed: %w", err)
	}
	fmt.Fprintf(env.Stdout, "backed up to %s: %d complaints, audit log intact (%d entries)\n", path, complaints, entries)
	return nil
}

// checkDatabase opens a database, brings it to this version's schema and
// verifies its audit chain.
func checkDatabase(ctx context.Context, env *Env, dsn string) (complaints, entries int, err error) {
	s, _, err := openStore(ctx, env, Config{DB: dsn})
	if err != nil {
		return 0, 0, err
	}
	defer s.Close()
	if complaints, err = s.CountComplaints(ctx, store.Filter{}); err != nil {
		return 0, 0, err
	}
	if entries, err = s.VerifyAudit(ctx, nil); err != nil {
		return complaints, entries, err
	}
	return complaints, entries, nil
}

// runRestore is `klacht restore BACKUP`: the backup replaces the SQLite
// database of --db after it is checked (schema, audit chain). Stop klacht
// serve first: a running server keeps the old file open.
func runRestore(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "restore", args, &cfg)
	if err != nil {
		return err
	}
	backup, args := leadingArg(args)
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	if backup == "" {
		return fmt.Errorf("%w: give the backup file: klacht restore BACKUP", errUsage)
	}
	d, target, _ := store.ParseDSN(cfg.DB)
	if d == store.Postgres {
		return fmt.Errorf("%s", pgBackupHelp)
	}
	if _, err := os.Stat(backup); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// Work on a copy beside the target, so the backup stays as it was and
	// the target is replaced in one rename.
	tmp := target + ".restoring"
	for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(f)
	}
	if err := copyFile(backup, tmp); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	complaints, entries, err := checkDatabase(ctx, env, "sqlite:"+tmp)
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: %s does not check out, nothing was changed: %w", backup, err)
	}
	// The old database's write-ahead log belongs to the old file.
	for _, f := range []string{target + "-wal", target + "-shm", tmp + "-wal", tmp + "-shm"} {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(env.Stdout, "restored %s to %s: %d complaints, audit log intact (%d entries)\n", backup, target, complaints, entries)
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
