package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"time"

	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/member"
)

// runImportMembers is `klacht import members FILE.csv|FILE.xlsx`: the
// membership administration's export of its members becomes the member
// file the register form is filled from (P4.1), replacing the one before.
// Exit status: 0 all rows taken, 1 some rows refused (the rest are in).
func runImportMembers(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "import members", args, &cfg)
	if err != nil {
		return err
	}
	source := fs.String("source", "file", "the name of the member file: an import replaces what this source held")
	dryRun := fs.Bool("dry-run", false, "check the file and say what would change, without importing")
	lang := fs.String("lang", "nl", "language of the report: nl or en")
	file, args := leadingArg(args)
	if err := parseWithFile(fs, args, &cfg, &file); err != nil {
		return err
	}
	if file == "" {
		return fmt.Errorf("%w: give the file: klacht import members FILE.csv or FILE.xlsx", errUsage)
	}
	l, ok := i18n.Parse(*lang)
	if !ok {
		return fmt.Errorf("%w: --lang %q: use nl or en", errUsage, *lang)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("read %s: %w", file, err)
	}
	good, bad, err := member.ParseFile(bytes.NewReader(data), l)
	if err != nil {
		return fmt.Errorf("%s: %s", file, i18n.T(l, errKey(err), errArgs(err)...))
	}
	for _, e := range bad {
		field := ""
		if e.Field != "" {
			field = e.Field + ": "
		}
		fmt.Fprintf(env.Stdout, "%s %d: %s%s\n", i18n.T(l, "import.row"), e.Row, field, e.Message)
	}
	s, _, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if *dryRun {
		n, err := s.CountMembers(ctx, *source)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, i18n.T(l, "import.members_dry_run", len(good), n, len(bad)))
		return nil
	}
	bar := progressBar{w: env.Stderr, label: i18n.T(l, "import.storing"), total: len(good)}
	bar.show(0)
	before, err := s.ReplaceMembers(ctx, *source, cfg.PhoneCountry, good, time.Now().UTC())
	if err != nil {
		return err
	}
	bar.show(len(good))
	fmt.Fprintln(env.Stdout, i18n.T(l, "import.members_done", len(good), len(bad), before))
	if len(bad) > 0 {
		return errRowsRefused
	}
	return nil
}
