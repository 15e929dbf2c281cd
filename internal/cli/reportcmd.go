package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/report"
)

// output is where a report goes: --out FILE, or stdout. A file is
// written whole or not at all: a failure leaves no half report behind.
func output(env *Env, path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		w := bufio.NewWriter(env.Stdout)
		if err := write(w); err != nil {
			return err
		}
		return w.Flush()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".klacht-report-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	if err := write(w); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	fmt.Fprintf(env.Stderr, "wrote %s\n", path)
	return nil
}

func formatFlag(v string, allowed ...report.Format) (report.Format, error) {
	f, err := report.ParseFormat(v, allowed...)
	if err != nil {
		return f, fmt.Errorf("%w: --%v", errUsage, err)
	}
	return f, nil
}

func langFlag(v string) (i18n.Lang, error) {
	l, ok := i18n.Parse(v)
	if !ok {
		return l, fmt.Errorf("%w: --lang %q: use nl or en", errUsage, v)
	}
	return l, nil
}

// runReportQuarterly is `klacht report quarterly --year Y --quarter Q`:
// the evaluation (P7.1), frozen as signed once reviewers signed it.
func runReportQuarterly(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "report quarterly", args, &cfg)
	if err != nil {
		return err
	}
	year := fs.Int("year", 0, "year (required)")
	quarter := fs.Int("quarter", 0, "quarter, 1 to 4 (required)")
	format := fs.String("format", "csv", "csv, json, xlsx, html or pdf")
	lang := fs.String("lang", "nl", "language of labels in xlsx, html and pdf: nl or en")
	out := fs.String("out", "", "write to this file instead of stdout")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	q, err := report.ParseQuarter(strconv.Itoa(*year), strconv.Itoa(*quarter))
	if err != nil {
		return fmt.Errorf("%w: give --year (2000–2100) and --quarter (1–4)", errUsage)
	}
	f, err := formatFlag(
		*format,
		report.FormatCSV,
		report.FormatJSON,
		report.FormatXLSX,
		report.FormatHTML,
		report.FormatPDF,
	)
	if err != nil {
		return err
	}
	l, err := langFlag(*lang)
	if err != nil {
		return err
	}
	s, p, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	ev, _, sigs, err := report.LoadEvaluation(ctx, s, q, p.Location(), time.Now())
	if err != nil {
		return err
	}
	var lines []report.SignatureLine
	for _, g := range sigs {
		lines = append(lines, report.SignatureLine{Who: g.UserName + " (" + p.RoleLabel(string(auth.Role(g.Role)), l) + ")",
			When: g.SignedAt.In(p.Location()).Format("2006-01-02 15:04"), Note: g.Note})
	}
	label := func(key string) string { return report.FigureLabel(p, l, key) }
	return output(env, *out, func(w io.Writer) error {
		return ev.Write(w, f, l, label, i18n.T(l, "eval.title")+" "+q.String(), lines)
	})
}

// runReportAnnual is `klacht report annual --year Y --lang nl|en`: the
// yearly public summary (R1–R4) as it stands (published, or with the
// editor's text).
func runReportAnnual(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "report annual", args, &cfg)
	if err != nil {
		return err
	}
	year := fs.Int("year", 0, "year (required)")
	lang := fs.String("lang", "nl", "nl or en")
	format := fs.String("format", "text", "text, json, csv, xlsx, html or pdf")
	out := fs.String("out", "", "write to this file instead of stdout")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	if *year < 2000 || *year > 2100 {
		return fmt.Errorf("%w: give --year (2000–2100)", errUsage)
	}
	l, err := langFlag(*lang)
	if err != nil {
		return err
	}
	f, err := formatFlag(
		*format,
		report.FormatText,
		report.FormatJSON,
		report.FormatCSV,
		report.FormatXLSX,
		report.FormatHTML,
		report.FormatPDF,
	)
	if err != nil {
		return err
	}
	s, p, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	a, _, err := report.LoadAnnual(ctx, s, p, *year, l)
	if err != nil {
		return err
	}
	return output(env, *out, func(w io.Writer) error { return a.Write(w, f) })
}
