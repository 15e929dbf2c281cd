package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/klacht/klacht/internal/fault"
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
	if err := parseWithFile(fs, args, &cfg, &path); err != nil {
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
	// Signed checkpoints, kept where the database cannot rewrite them: one
	// of the live log in the checkpoint file, and one of the backup beside
	// it (checkDatabase), as the live log may have grown since the copy.
	_, checkpoints := cfg.auditFiles()
	if _, err := writeCheckpoint(ctx, s, time.Now(), checkpoints); err != nil {
		return fmt.Errorf("the audit checkpoint was not written: %w", err)
	}
	complaints, entries, err := checkDatabase(ctx, env, "sqlite:"+path, cfg, path+".checkpoint")
	if err != nil {
		os.Remove(path)
		os.Remove(path + ".checkpoint")
		return fmt.Errorf("the backup does not check out, removed: %w", err)
	}
	fmt.Fprintf(env.Stdout, "backed up to %s: %d complaints, audit log intact (%s); signed checkpoints in %s and %s\n",
		path, complaints, entriesText(entries), path+".checkpoint", checkpoints)
	return nil
}

// checkDatabase opens a database, brings it to this version's schema and
// verifies its audit chain with the audit keys of cfg (the database it
// came from).
// With checkpointFile set, a signed checkpoint of what it holds is written
// there.
func checkDatabase(
	ctx context.Context,
	env *Env,
	dsn string,
	cfg Config,
	checkpointFile string,
) (complaints, entries int, err error) {
	keyFile, checkpoints := cfg.auditFiles()
	s, _, err := openStore(
		ctx,
		env,
		Config{DB: dsn, AuditKeyFile: keyFile, AuditKey: cfg.AuditKey, AuditCheckpoints: checkpoints},
	)
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
	if checkpointFile != "" {
		if _, err := writeCheckpoint(ctx, s, time.Now(), checkpointFile); err != nil {
			return complaints, entries, err
		}
	}
	return complaints, entries, nil
}

// runRestore is `klacht restore BACKUP`: the backup replaces the SQLite
// database of --db after it is checked (schema, audit chain). Stop klacht
// serve first: a running server keeps the old file open.
func runRestore(ctx context.Context, env *Env, args []string) (err error) {
	defer fault.Wrap(&err, "restore")
	var cfg Config
	fs, _, err := newFlags(env, "restore", args, &cfg)
	if err != nil {
		return err
	}
	backup, args := leadingArg(args)
	if err := parseWithFile(fs, args, &cfg, &backup); err != nil {
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
		return err
	}
	// Work on a copy beside the target, so the backup stays as it was and
	// the target is replaced in one rename.
	tmp := target + ".restoring"
	for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(f)
	}
	if err := copyFile(backup, tmp); err != nil {
		return err
	}
	complaints, entries, err := checkDatabase(ctx, env, "sqlite:"+tmp, cfg, "")
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%s does not check out, nothing was changed: %w", backup, err)
	}
	// The old database's write-ahead log belongs to the old file.
	for _, f := range []string{target + "-wal", target + "-shm", tmp + "-wal", tmp + "-shm"} {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return err
	}
	fmt.Fprintf(
		env.Stdout,
		"restored %s to %s: %d complaints, audit log intact (%s)\n",
		backup,
		target,
		complaints,
		entriesText(entries),
	)
	if _, checkpoints := cfg.auditFiles(); fileExists(checkpoints) {
		fmt.Fprintf(
			env.Stdout,
			"the checkpoints in %s saw the log before this restore: entries written after the backup are gone, "+
				"and klacht audit verify says so. Check the restored log with --checkpoint %s.checkpoint, "+
				"then move %s aside to start a new one.\n",
			checkpoints,
			backup,
			checkpoints,
		)
	}
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

// entriesText counts audit entries in words.
func entriesText(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return fmt.Sprintf("%d entries", n)
}
