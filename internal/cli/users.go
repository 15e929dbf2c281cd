package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/store"
)

// describe renders an application error for the terminal, field by field.
func describe(err error) error {
	if e, ok := fault.As(err); ok && len(e.Fields) > 0 {
		var parts []string
		for _, f := range e.Fields {
			parts = append(parts, "--"+f.Field+": "+i18n.T(i18n.EN, f.Key, f.Args...))
		}
		return fmt.Errorf("%w: %s", errUsage, strings.Join(parts, "; "))
	}
	return err
}

// readPassword reads a password from stdin when one is piped in; it returns
// "" when stdin is a terminal or empty.
func readPassword(r io.Reader) (string, error) {
	if f, ok := r.(*os.File); ok {
		fi, err := f.Stat()
		if err != nil || fi.Mode()&os.ModeCharDevice != 0 {
			return "", nil
		}
	}
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func runUserAdd(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, st, err := newFlags(env, "user add", args, &cfg)
	if err != nil {
		return err
	}
	email := fs.String("email", "", "e-mail address (required)")
	name := fs.String("name", "", "full name (required)")
	role := fs.String("role", "", "role: "+roleList()+" (required)")
	dept := fs.String("department", "", "department key, e.g. servicelijn")
	lang := fs.String("lang", "nl", "language of the user's screens: nl or en")
	baseURL := fs.String(
		"base-url",
		st.get("KLACHT_BASE_URL", "http://127.0.0.1:8080"),
		"URL users reach klacht at, for the set-password link",
	)
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	u, err := auth.NewUser(*email, *name, auth.Role(*role), *dept, *lang)
	if err != nil {
		return describe(err)
	}
	pw, err := readPassword(env.Stdin)
	if err != nil {
		return err
	}
	if pw != "" {
		if err := auth.CheckPassword("password", pw); err != nil {
			return fmt.Errorf("%w: password on stdin: %s", errUsage, i18n.T(i18n.EN, "err.password.short", auth.MinPassword))
		}
		if u.PasswordHash, err = auth.HashPassword(pw); err != nil {
			return err
		}
	}
	s, profile, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if u.Department != "" && !profile.HasDepartment(u.Department) {
		return fmt.Errorf("%w: --department: unknown department %q", errUsage, u.Department)
	}
	now := time.Now().UTC()
	if pw != "" {
		if u, err = s.CreateUser(ctx, u, now); err != nil {
			return describe(err)
		}
		fmt.Fprintf(env.Stdout, "added %s <%s> as %s\n", u.Name, u.Email, u.Role)
		return nil
	}
	u, token, err := s.CreateUserWithLink(ctx, u, now, store.PasswordLinkTTL)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.Stdout, "added %s <%s> as %s\n", u.Name, u.Email, u.Role)
	fmt.Fprintf(
		env.Stdout,
		"They set a password here (link valid for 7 days):\n  %s/password/%s\n",
		strings.TrimRight(*baseURL, "/"),
		token,
	)
	return nil
}

func runUserList(ctx context.Context, env *Env, args []string) error {
	s, err := openWithFlags(ctx, env, "user list", args)
	if err != nil {
		return err
	}
	defer s.Close()
	users, err := s.ListUsers(ctx)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		fmt.Fprintln(env.Stdout, "no users yet; run klacht serve for the set-up link, or klacht user add")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tROLE\tACTIVE\tPASSWORD SET")
	for _, u := range users {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%v\n", u.Email, u.Name, u.Role, u.Active, u.PasswordHash != "")
	}
	return tw.Flush()
}

func runTokenCreate(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "token create", args, &cfg)
	if err != nil {
		return err
	}
	email := fs.String("email", "", "e-mail address of the user the token acts as (required)")
	name := fs.String("name", "cli", "a name to recognise the token by")
	expires := fs.String("expires", "90d", "lifetime, e.g. 90d or 12h; never for a token that does not expire")
	role := fs.String(
		"role",
		"",
		"a narrower role for the token to act as, e.g. manager for a reporting export; empty: the user's role",
	)
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	if *email == "" {
		return fmt.Errorf("%w: --email is required", errUsage)
	}
	if *role != "" && !auth.Role(*role).Valid() {
		return fmt.Errorf("%w: --role %q: use one of %s", errUsage, *role, roleList())
	}
	var ttl time.Duration
	if *expires != "never" {
		if ttl, err = parseDuration(*expires); err != nil || ttl <= 0 {
			return fmt.Errorf("%w: --expires %q: want a positive duration like 90d or 12h, or never", errUsage, *expires)
		}
	}
	s, _, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(*email)))
	if fault.CodeOf(err) == fault.NotFound {
		return fmt.Errorf("no user with e-mail %s; add one with klacht user add", *email)
	}
	if err != nil {
		return err
	}
	if *role != "" && !auth.Covers(u.Role, auth.Role(*role)) {
		return fmt.Errorf(
			"%w: --role %s: a token of %s (%s) may not see or do more than its user",
			errUsage,
			*role,
			u.Email,
			u.Role,
		)
	}
	token, hash, err := auth.NewSecret("klacht_")
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	var exp time.Time
	if ttl > 0 {
		exp = now.Add(ttl)
	}
	if err := s.CreateToken(audit.WithActor(ctx, audit.Actor{Name: "klacht token create"}), u.ID, hash, *name, auth.Role(*role), now, exp); err != nil {
		return err
	}
	if exp.IsZero() {
		fmt.Fprintf(
			env.Stderr,
			"token for %s, never expires: revoke it with klacht token revoke when it is no longer needed\n",
			u.Email,
		)
	} else {
		fmt.Fprintf(env.Stderr, "token for %s, expires %s\n", u.Email, exp.Format(time.RFC3339))
	}
	fmt.Fprintln(env.Stdout, token)
	return nil
}

// userByFlag parses a command that names a user by --email, opens the
// store and finds the user; the caller closes the store.
func userByFlag(
	ctx context.Context,
	env *Env,
	fs *flag.FlagSet,
	args []string,
	cfg *Config,
) (*store.Store, auth.User, error) {
	email := fs.String("email", "", "e-mail address of the user (required)")
	if err := parse(fs, args, cfg); err != nil {
		return nil, auth.User{}, err
	}
	if *email == "" {
		return nil, auth.User{}, fmt.Errorf("%w: --email is required", errUsage)
	}
	s, _, err := openStore(ctx, env, *cfg)
	if err != nil {
		return nil, auth.User{}, err
	}
	u, err := s.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(*email)))
	if err != nil {
		s.Close()
		return nil, auth.User{}, fmt.Errorf("no user with e-mail %s: %w", *email, err)
	}
	return s, u, nil
}

// runTokenList is `klacht token list --email E`: a user's tokens, never
// their secrets.
func runTokenList(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "token list", args, &cfg)
	if err != nil {
		return err
	}
	s, u, err := userByFlag(ctx, env, fs, args, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	tokens, err := s.Tokens(ctx, u.ID)
	if err != nil {
		return err
	}
	if len(tokens) == 0 {
		fmt.Fprintln(env.Stdout, "no tokens")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tROLE\tCREATED\tEXPIRES\tREVOKED")
	day := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Format("2006-01-02")
	}
	for _, t := range tokens {
		role := t.Role
		if role == "" {
			role = string(u.Role)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, role, day(t.CreatedAt), day(t.ExpiresAt), day(t.RevokedAt))
	}
	return tw.Flush()
}

// runTokenRevoke is `klacht token revoke --id N`: the token stops working
// at once.
func runTokenRevoke(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "token revoke", args, &cfg)
	if err != nil {
		return err
	}
	id := fs.Int64("id", 0, "the token's id, from klacht token list (required)")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	if *id <= 0 {
		return fmt.Errorf("%w: --id is required", errUsage)
	}
	s, _, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.RevokeToken(audit.WithActor(ctx, audit.Actor{Name: "klacht token revoke"}), *id, time.Now().UTC()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "token %d revoked\n", *id)
	return nil
}

func roleList() string {
	var rs []string
	for _, r := range auth.Roles {
		rs = append(rs, string(r))
	}
	return strings.Join(rs, ", ")
}

// errKey and errArgs take an application error apart for translation.
func errKey(err error) string {
	if e, ok := fault.As(err); ok {
		return e.Key
	}
	return "err.internal"
}

func errArgs(err error) []any {
	if e, ok := fault.As(err); ok {
		return e.Args
	}
	return nil
}

// runUserTOTPReset is `klacht user totp-reset --email E`: a user who lost
// the phone with their authenticator app sets up a new one at the next
// sign-in.
func runUserTOTPReset(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "user totp-reset", args, &cfg)
	if err != nil {
		return err
	}
	s, u, err := userByFlag(ctx, env, fs, args, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.ResetTOTP(audit.WithActor(ctx, audit.Actor{Name: "klacht user totp-reset"}), u.ID, time.Now().UTC()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "second factor of %s removed; they set up a new one at their next sign-in\n", u.Email)
	return nil
}
