package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/history"
	"github.com/klacht/klacht/internal/i18n"
)

// runImportComplaints is `klacht import complaints FILE.csv|FILE.xlsx`:
// the old register comes in (issue 18.4). Every row is checked and each
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
	lang := fs.String("lang", "nl", "language of the report: nl or en")
	file, args := leadingArg(args)
	if err := parseWithFile(fs, args, &cfg, &file); err != nil {
		return err
	}
	if file == "" {
		return fmt.Errorf("%w: give the file: klacht import complaints FILE.csv or FILE.xlsx", errUsage)
	}
	l, ok := i18n.Parse(*lang)
	if !ok {
		return fmt.Errorf("%w: --lang %q: use nl or en", errUsage, *lang)
	}
	in := app.HistoryImport{Source: *source, GoodRows: *goodRows, DryRun: *dryRun, Lang: l}
	if *mapping != "" {
		if in.Mapping, err = history.ParseMapping(*mapping); err != nil {
			return fmt.Errorf("%w: --map: %v", errUsage, err)
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("read %s: %w", file, err)
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
	for _, e := range rep.Errors {
		field := ""
		if e.Field != "" {
			field = e.Field + ": "
		}
		fmt.Fprintf(env.Stdout, "%s %d: %s%s\n", i18n.T(l, "import.row"), e.Row, field, e.Message)
	}
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
