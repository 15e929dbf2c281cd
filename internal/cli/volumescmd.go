package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/report"
)

// errFileRefused ends an import that stored nothing because of bad rows.
var errFileRefused = errors.New("nothing was imported; correct the rows above")

// runImportVolumes is `klacht import volumes FILE.csv`: contact volumes
// (R3) per period and kind, all rows or, with any bad row, none.
func runImportVolumes(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "import volumes", args, &cfg)
	if err != nil {
		return err
	}
	lang := fs.String("lang", "nl", "language of the report: nl or en")
	file, args := leadingArg(args)
	if err := parseWithFile(fs, args, &cfg, &file); err != nil {
		return err
	}
	if file == "" {
		return fmt.Errorf("%w: give the file: klacht import volumes FILE.csv or FILE.xlsx", errUsage)
	}
	l, err := langFlag(*lang)
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("read %s: %w", file, err)
	}
	defer f.Close()
	// The store first: a row's agency must be one of the profile's.
	s, p, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	var agencies []string
	for _, a := range p.Agencies {
		agencies = append(agencies, a.Key)
	}
	vols, rows, err := report.ParseVolumes(f, agencies...)
	if err != nil {
		return fmt.Errorf("%s: %s", file, i18n.T(l, errKey(err), errArgs(err)...))
	}
	if len(rows) > 0 {
		for _, r := range rows {
			fmt.Fprintln(
				env.Stdout,
				i18n.T(l, "volume.row_error", r.Row, i18n.T(l, "volume.col."+r.Field), i18n.T(l, r.Key, r.Args...)),
			)
		}
		return errFileRefused
	}
	if err := s.SaveVolumes(ctx, vols, time.Now().UTC()); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, i18n.T(l, "volume.imported", len(vols)))
	return nil
}
