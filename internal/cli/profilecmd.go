package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
)

// runProfileList is `klacht profile list`: the profiles that ship with
// klacht, beside the default one.
func runProfileList(_ context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "profile list", args, &cfg)
	if err != nil {
		return err
	}
	lang := fs.String("lang", "nl", "language: nl or en")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	l, err := langFlag(*lang)
	if err != nil {
		return err
	}
	all, err := procedure.ShippedProfiles()
	if err != nil {
		return err
	}
	for _, s := range all {
		fmt.Fprintf(env.Stdout, "%-10s %s\n           %s\n", s.Name, s.Title.In(l), s.About.In(l))
	}
	return nil
}

// runProfileApply is `klacht profile apply NAME`: install a shipped
// profile on an empty register.
func runProfileApply(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "profile apply", args, &cfg)
	if err != nil {
		return err
	}
	lang := fs.String("lang", "nl", "language of the messages: nl or en")
	name, args := leadingArg(args)
	if err := parseWithFile(fs, args, &cfg, &name); err != nil {
		return err
	}
	if name == "" {
		return fmt.Errorf("%w: give the profile: klacht profile apply NAME (klacht profile list shows them)", errUsage)
	}
	l, err := langFlag(*lang)
	if err != nil {
		return err
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
	if err := svc.ApplyProfile(ctx, auth.User{}, name); err != nil {
		if e, ok := fault.As(err); ok && len(e.Fields) > 0 {
			return fmt.Errorf("%s", i18n.T(l, e.Fields[0].Key, e.Fields[0].Args...))
		}
		if _, ok := fault.As(err); ok {
			return fmt.Errorf("%s", i18n.T(l, errKey(err), errArgs(err)...))
		}
		return err
	}
	fmt.Fprintln(env.Stdout, i18n.T(l, "profile.applied", name))
	return nil
}
