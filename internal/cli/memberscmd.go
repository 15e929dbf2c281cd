package cli

import (
	"bytes"
	"context"
	"fmt"
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
	file, data, l, err := importFile(fs, args, &cfg, "members")
	if err != nil {
		return err
	}
	good, bad, err := member.ParseFile(bytes.NewReader(data), l)
	if err != nil {
		return fmt.Errorf("%s: %s", file, i18n.T(l, errKey(err), errArgs(err)...))
	}
	printRowErrors(env.Stdout, l, bad)
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
