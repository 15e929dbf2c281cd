package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/sheet"
)

// progressBar draws "[#####.....]  52%  5200/10000 rows" on one line of a
// terminal (or of any writer), redrawn in place.
type progressBar struct {
	w     io.Writer
	label string
	total int
}

func (p progressBar) show(done int) {
	const width = 30
	if p.total <= 0 {
		return
	}
	frac := float64(min(done, p.total)) / float64(p.total)
	filled := int(frac * width)
	fmt.Fprintf(
		p.w,
		"\r%s [%s%s] %3.0f%%  %d/%d",
		p.label,
		strings.Repeat("#", filled),
		strings.Repeat(".", width-filled),
		frac*100,
		done,
		p.total,
	)
	if done >= p.total {
		fmt.Fprintln(p.w)
	}
}

// leadingArg takes a command's first argument when it is not a flag (a
// file: klacht import volumes FILE.csv --db …), leaving the rest to parse.
func leadingArg(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

// countLines counts a file's data lines, for the progress bar's total.
func countLines(data []byte) int {
	if sheet.IsXLSX(data) {
		return 0 // a workbook's rows are known once it is read: the storing shows progress
	}
	n := strings.Count(string(data), "\n")
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return max(n-1, 0)
}

// importFile finishes an import command's flags (adding --lang) and
// reads its file: the file's name, its bytes and the report's language.
// what names the command for the usage message ("cancellations").
func importFile(fs *flag.FlagSet, args []string, cfg *Config, what string) (string, []byte, i18n.Lang, error) {
	lang := fs.String("lang", "nl", "language of the report: nl or en")
	file, args := leadingArg(args)
	if err := parseWithFile(fs, args, cfg, &file); err != nil {
		return "", nil, "", err
	}
	if file == "" {
		return "", nil, "", fmt.Errorf("%w: give the file: klacht import %s FILE.csv or FILE.xlsx", errUsage, what)
	}
	l, ok := i18n.Parse(*lang)
	if !ok {
		return "", nil, "", fmt.Errorf("%w: --lang %q: use nl or en", errUsage, *lang)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return "", nil, "", fmt.Errorf("read %s: %w", file, err)
	}
	return file, data, l, nil
}

// printRowErrors writes an import's refused rows, one a line.
func printRowErrors(w io.Writer, l i18n.Lang, rows []sheet.RowError) {
	for _, e := range rows {
		field := ""
		if e.Field != "" {
			field = e.Field + ": "
		}
		fmt.Fprintf(w, "%s %d: %s%s\n", i18n.T(l, "import.row"), e.Row, field, e.Message)
	}
}

// runImportCancellations is `klacht import cancellations FILE.csv`: it
// reads the membership system's export with the source's saved (or given)
// column mapping, reports every bad row with its line number, and imports
// the good ones in one transaction. Importing a file again adds nothing.
// Exit status: 0 all imported, 1 some rows were refused (the rest are in).
func runImportCancellations(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "import cancellations", args, &cfg)
	if err != nil {
		return err
	}
	source := fs.String(
		"source",
		"ledenadministratie",
		"name of the system the file comes from; its column mapping is remembered",
	)
	mapping := fs.String(
		"map",
		"",
		"column mapping, e.g. id=Opzegnummer,member_number=Lidnummer,date=Datum (saved for the source)",
	)
	dryRun := fs.Bool("dry-run", false, "check the file and show what would be imported, without importing")
	file, data, l, err := importFile(fs, args, &cfg, "cancellations")
	if err != nil {
		return err
	}
	s, profile, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	now := time.Now().UTC()
	m, saved, err := s.Mapping(ctx, *source)
	if err != nil {
		return err
	}
	if *mapping != "" {
		if m, err = cancellation.ParseMapping(*mapping); err != nil {
			return fmt.Errorf("%w: --map: %v", errUsage, err)
		}
	}
	total := countLines(data)
	check := progressBar{w: env.Stderr, label: i18n.T(l, "import.checking"), total: total}
	rows, rep, err := cancellation.ParseCSV(strings.NewReader(string(data)), profile, m, now, l, check.show)
	if err != nil {
		return fmt.Errorf("%s: %s", file, i18n.T(l, errKey(err), errArgs(err)...))
	}
	printRowErrors(env.Stdout, l, rep.Errors)
	if *dryRun {
		for _, r := range rows[:min(5, len(rows))] {
			fmt.Fprintf(
				env.Stdout,
				"%s %d: %s %s %s %s\n",
				i18n.T(l, "import.row"),
				r.Line,
				r.C.SourceID,
				r.C.MemberNumber,
				r.C.CancelledOn.Format("2006-01-02"),
				r.C.Reason,
			)
		}
		fmt.Fprintln(env.Stdout, i18n.T(l, "import.dry_run", rep.Rows, rep.Good, len(rep.Errors)))
		return nil
	}
	store := progressBar{w: env.Stderr, label: i18n.T(l, "import.storing"), total: len(rows)}
	imported, existing, err := s.ImportCancellations(ctx, *source, rows, store.show)
	if err != nil {
		return err
	}
	if *mapping != "" || !saved {
		if err := s.SaveMapping(ctx, *source, m, now); err != nil {
			return err
		}
	}
	fmt.Fprintln(env.Stdout, i18n.T(l, "import.done", rep.Rows, imported, existing, len(rep.Errors)))
	if len(rep.Errors) > 0 {
		return errRowsRefused
	}
	return nil
}
