package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/seed"
	"github.com/klacht/klacht/internal/store"
)

// seedStaff is the employee a generated register is taken and handled by.
const seedStaff = "medewerker@voorbeeld.invalid"

// runSeed is `klacht seed --complaints N`: a realistic register for a
// trial, a demonstration or a benchmark, in an empty database.
func runSeed(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "seed", args, &cfg)
	if err != nil {
		return err
	}
	n := fs.Int(
		"complaints",
		10_000,
		"how many complaints (cancellations: one in ten; appeals: about one in a hundred handled)",
	)
	years := fs.Int("years", 5, "years of history, ending now")
	seedNo := fs.Uint64("seed", 1, "the same seed builds the same register")
	force := fs.Bool("force", false, "add to a database that already holds complaints")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	if *n < 1 || *n > 50_000_000 {
		return fmt.Errorf("%w: --complaints: 1 to 50,000,000", errUsage)
	}
	if *years < 1 || *years > 25 {
		return fmt.Errorf("%w: --years: 1 to 25", errUsage)
	}
	s, p, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if have, err := s.CountComplaints(ctx, store.Filter{}); err != nil {
		return err
	} else if have > 0 && !*force {
		return fmt.Errorf("the database already holds %d complaints; seed an empty one (another --db) or add --force", have)
	}
	staff, err := s.UserByEmail(ctx, seedStaff)
	if fault.CodeOf(err) == fault.NotFound {
		u, uerr := auth.NewUser(seedStaff, "Voorbeeld Medewerker", auth.RoleAgent, "", "nl")
		if uerr != nil {
			return uerr
		}
		staff, err = s.CreateUser(ctx, u, time.Now())
	}
	if err != nil {
		return err
	}
	bar := progressBar{w: env.Stderr, label: "complaints", total: *n}
	start := time.Now()
	got, err := seed.Run(
		ctx,
		s,
		p,
		seed.Options{Complaints: *n, Years: *years, Seed: *seedNo, StaffID: staff.ID, End: time.Now(), Progress: bar.show},
	)
	if err != nil {
		return err
	}
	fmt.Fprintf(
		env.Stdout,
		"stored %d complaints, %d cancellations and %d appeals in %v\n",
		got.Complaints,
		got.Cancellations,
		got.Appeals,
		time.Since(start).Round(time.Millisecond),
	)
	return nil
}
