package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/history"
	"github.com/klacht/klacht/internal/i18n"
)

// runImportComplaints is `klacht import complaints FILE.csv|FILE.xlsx`:
// the old register comes in. Every row is checked and each
// refusal reported with its row; then all rows are stored, or none when
// any is refused, unless --good-rows asks for the good ones. Importing a
// file again adds nothing. Exit status: 0 imported, 1 rows refused.
func runImportComplaints(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "import complaints", args, &cfg)
	if err != nil {
		return err
	}
	source := fs.String("source", "register", "the old register's name: ids are unique within it, its mapping is kept")
	mapping := fs.String("map", "", "column mapping, e.g. id=Nummer,received_at=Datum,category=Soort (kept for the source)")
	goodRows := fs.Bool("good-rows", false, "import the good rows when some are refused (else all rows or none)")
	dryRun := fs.Bool("dry-run", false, "check the file and say what would be imported, without importing")
	file, data, l, err := importFile(fs, args, &cfg, "complaints")
	if err != nil {
		return err
	}
	in := app.HistoryImport{Source: *source, GoodRows: *goodRows, DryRun: *dryRun, Lang: l}
	if *mapping != "" {
		if in.Mapping, err = history.ParseMapping(*mapping); err != nil {
			return fmt.Errorf("%w: --map: %v", errUsage, err)
		}
	}
	s, profile, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	svc, err := app.New(app.Config{Store: s, Profile: profile, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Country: cfg.PhoneCountry})
	if err != nil {
		return err
	}
	check := progressBar{w: env.Stderr, label: i18n.T(l, "import.checking"), total: countLines(data)}
	var store progressBar
	in.Progress = func(stage string, done, total int) {
		if stage == "checking" {
			check.show(done)
			return
		}
		if store.total == 0 {
			store = progressBar{w: env.Stderr, label: i18n.T(l, "import.storing"), total: total}
		}
		store.show(done)
	}
	rep, err := svc.ImportHistory(ctx, auth.User{}, data, in)
	printRowErrors(env.Stdout, l, rep.Errors)
	if err != nil {
		if e, ok := fault.As(err); ok && rep.Rows > 0 {
			fmt.Fprintln(env.Stdout, i18n.T(l, e.Key, e.Args...))
			return errRowsRefused
		}
		return fmt.Errorf("%s: %s", file, i18n.T(l, errKey(err), errArgs(err)...))
	}
	if rep.DryRun {
		fmt.Fprintln(env.Stdout, i18n.T(l, "import.history_dry_run", rep.Rows, rep.Good-rep.Existing, rep.Existing, len(rep.Errors)))
		return nil
	}
	fmt.Fprintln(env.Stdout, i18n.T(l, "import.history_done", rep.Rows, rep.Imported, rep.Existing, len(rep.Errors)))
	if len(rep.Errors) > 0 {
		return errRowsRefused
	}
	return nil
}
