package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/report"
)

// runReportQuarterly is `klacht report quarterly --year Y --quarter Q`:
// the evaluation (P7.1) as JSON or CSV on stdout.
func runReportQuarterly(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "report quarterly", args, &cfg)
	if err != nil {
		return err
	}
	year := fs.Int("year", 0, "year (required)")
	quarter := fs.Int("quarter", 0, "quarter, 1 to 4 (required)")
	format := fs.String("format", "csv", "csv or json")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	q, err := report.ParseQuarter(strconv.Itoa(*year), strconv.Itoa(*quarter))
	if err != nil {
		return fmt.Errorf("%w: give --year (2000–2100) and --quarter (1–4)", errUsage)
	}
	if *format != "csv" && *format != "json" {
		return fmt.Errorf("%w: --format %q: use csv or json", errUsage, *format)
	}
	s, p, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	ev, err := report.Quarterly(ctx, s, q, p.Location())
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ev)
	}
	return ev.WriteCSV(env.Stdout)
}

// runReportAnnual is `klacht report annual --year Y --lang nl|en`: the
// yearly public summary (R1–R4) as text or JSON.
func runReportAnnual(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "report annual", args, &cfg)
	if err != nil {
		return err
	}
	year := fs.Int("year", 0, "year (required)")
	lang := fs.String("lang", "nl", "nl or en")
	format := fs.String("format", "text", "text or json")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	if *year < 2000 || *year > 2100 {
		return fmt.Errorf("%w: give --year (2000–2100)", errUsage)
	}
	l, ok := i18n.Parse(*lang)
	if !ok {
		return fmt.Errorf("%w: --lang %q: use nl or en", errUsage, *lang)
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format %q: use text or json", errUsage, *format)
	}
	s, p, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := report.BuildAnnual(ctx, s, p, *year, l)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(a)
	}
	_, err = fmt.Fprint(env.Stdout, a.Text())
	return err
}
