package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/intake"
	"github.com/klacht/klacht/internal/jobs"
	"github.com/klacht/klacht/internal/mailauth"
	"github.com/klacht/klacht/internal/member"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/sso"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web"
)

// openStore opens, migrates and seeds the database: every command works on
// an empty directory.
func openStore(ctx context.Context, env *Env, cfg Config) (*store.Store, procedure.Profile, error) {
	store.PhoneCountry = cmp.Or(cfg.PhoneCountry, "31") // before the first write
	s, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, procedure.Profile{}, err
	}
	ring, err := auditKeys(env, cfg)
	if err != nil {
		s.Close()
		return nil, procedure.Profile{}, err
	}
	s.SetAuditKeys(ring)
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, procedure.Profile{}, err
	}
	if _, err := s.SeedProfile(ctx, procedure.Default()); err != nil {
		s.Close()
		return nil, procedure.Profile{}, err
	}
	p, err := s.LoadProfile(ctx)
	if err != nil {
		s.Close()
		return nil, p, err
	}
	return s, p, nil
}

// auditKeys loads the audit chain's keys: KLACHT_AUDIT_KEY (hex or
// base64) when set, with the key file's keys as old ones if it exists;
// else the key file, made with a new key if missing.
func auditKeys(env *Env, cfg Config) (audit.Keyring, error) {
	keyFile, _ := cfg.auditFiles()
	if cfg.AuditKey != "" {
		ring, err := audit.ParseKeys(cfg.AuditKey)
		if err != nil {
			return ring, fmt.Errorf("KLACHT_AUDIT_KEY: %w", err)
		}
		if old, _, err := audit.LoadKeyFile(keyFile, false); err == nil {
			ring.Old = append(append(ring.Old, *old.Current), old.Old...)
		}
		return ring, nil
	}
	ring, created, err := audit.LoadKeyFile(keyFile, true)
	if err != nil {
		return ring, err
	}
	if created {
		fmt.Fprintf(
			env.Stderr,
			"klacht: made the audit key file %s; back it up apart from the database, never with it\n",
			keyFile,
		)
	}
	return ring, nil
}

// openWithFlags parses a command that has only the shared options and
// opens its database.
func openWithFlags(ctx context.Context, env *Env, name string, args []string) (*store.Store, error) {
	var cfg Config
	fs, _, err := newFlags(env, name, args, &cfg)
	if err != nil {
		return nil, err
	}
	if err := parse(fs, args, &cfg); err != nil {
		return nil, err
	}
	s, _, err := openStore(ctx, env, cfg)
	return s, err
}

func runMigrate(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "migrate", args, &cfg)
	if err != nil {
		return err
	}
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	// A SQLite file that is not there yet is made: say so, so a typo in
	// --db does not pass for an up-to-date database.
	created := false
	if d, path, _ := store.ParseDSN(cfg.DB); d == store.SQLite {
		created = !fileExists(path)
	}
	s, _, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if created {
		_, path, _ := store.ParseDSN(cfg.DB)
		fmt.Fprintf(env.Stdout, "created the database %s; it is up to date\n", path)
		return nil
	}
	fmt.Fprintln(env.Stdout, "database is up to date")
	return nil
}

// SetupLinkTTL is how long the first-administrator link printed by serve
// stays valid.
const SetupLinkTTL = 24 * time.Hour

func runServe(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, st, err := newFlags(env, "serve", args, &cfg)
	if err != nil {
		return err
	}
	fs.StringVar(&cfg.Addr, "addr", st.get("KLACHT_ADDR", "127.0.0.1:8080"), "address to listen on (env KLACHT_ADDR)")
	fs.StringVar(
		&cfg.BaseURL,
		"base-url",
		st.get("KLACHT_BASE_URL", ""),
		"URL users reach klacht at, for links (env KLACHT_BASE_URL; default http://ADDR)",
	)
	fs.StringVar(
		&cfg.TermWatchEvery,
		"term-watch-every",
		st.get("KLACHT_TERM_WATCH_EVERY", "1m"),
		"how often the term watch looks for reminders and escalations (env KLACHT_TERM_WATCH_EVERY)",
	)
	fs.StringVar(
		&cfg.MailEvery,
		"mail-every",
		st.get("KLACHT_MAIL_EVERY", "30s"),
		"how often the outbox is sent (env KLACHT_MAIL_EVERY)",
	)
	fs.StringVar(
		&cfg.SMTP.Host,
		"smtp-host",
		st.get("KLACHT_SMTP_HOST", ""),
		"mail server; without one, e-mails wait in the outbox (env KLACHT_SMTP_HOST)",
	)
	smtpPort := fs.String("smtp-port", st.get("KLACHT_SMTP_PORT", "587"), "mail server port (env KLACHT_SMTP_PORT)")
	fs.StringVar(
		&cfg.SMTP.Username,
		"smtp-username",
		st.get("KLACHT_SMTP_USERNAME", ""),
		"mail server user name (env KLACHT_SMTP_USERNAME)",
	)
	fs.StringVar(
		&cfg.SMTP.Password,
		"smtp-password",
		st.get("KLACHT_SMTP_PASSWORD", ""),
		"mail server password; prefer the environment (env KLACHT_SMTP_PASSWORD)",
	)
	fs.StringVar(
		&cfg.SMTP.From,
		"smtp-from",
		st.get("KLACHT_SMTP_FROM", ""),
		"sender, e.g. \"Milieudefensie <service@milieudefensie.nl>\" (env KLACHT_SMTP_FROM)",
	)
	fs.StringVar(
		&cfg.SMTP.Security,
		"smtp-security",
		st.get("KLACHT_SMTP_SECURITY", "starttls"),
		"starttls, tls (implicit, port 465) or none (env KLACHT_SMTP_SECURITY)",
	)
	digestHour := fs.String(
		"digest-hour",
		st.get("KLACHT_DIGEST_HOUR", "7"),
		"local hour from which staff digests go out, 0-23 (env KLACHT_DIGEST_HOUR)",
	)
	fs.StringVar(
		&cfg.IMAP.Addr,
		"imap-addr",
		st.get("KLACHT_IMAP_ADDR", ""),
		"mailbox to take complaints from, host:port; none by default (env KLACHT_IMAP_ADDR)",
	)
	fs.StringVar(
		&cfg.IMAP.Username,
		"imap-username",
		st.get("KLACHT_IMAP_USERNAME", ""),
		"mailbox user name (env KLACHT_IMAP_USERNAME)",
	)
	fs.StringVar(
		&cfg.IMAP.Password,
		"imap-password",
		st.get("KLACHT_IMAP_PASSWORD", ""),
		"mailbox password; prefer the environment (env KLACHT_IMAP_PASSWORD)",
	)
	fs.StringVar(
		&cfg.IMAP.Security,
		"imap-security",
		st.get("KLACHT_IMAP_SECURITY", "tls"),
		"tls (port 993), starttls or none (env KLACHT_IMAP_SECURITY)",
	)
	fs.StringVar(
		&cfg.IMAP.Folder,
		"imap-folder",
		st.get("KLACHT_IMAP_FOLDER", "INBOX"),
		"folder to read (env KLACHT_IMAP_FOLDER)",
	)
	smtpAuth := fs.String(
		"smtp-auth",
		st.get("KLACHT_SMTP_AUTH", "password"),
		"how klacht signs in to the mail server: password or xoauth2 (OAuth 2, Microsoft 365 and Google; env KLACHT_SMTP_AUTH)",
	)
	imapAuth := fs.String(
		"imap-auth",
		st.get("KLACHT_IMAP_AUTH", "password"),
		"how klacht signs in to the mailbox: password or xoauth2 (env KLACHT_IMAP_AUTH)",
	)
	var oauth mailauth.OAuth2
	fs.StringVar(
		&oauth.TokenURL,
		"mail-oauth-token-url",
		st.get("KLACHT_MAIL_OAUTH_TOKEN_URL", ""),
		"xoauth2: the provider's token endpoint, e.g. https://login.microsoftonline.com/TENANT/oauth2/v2.0/token (env KLACHT_MAIL_OAUTH_TOKEN_URL)",
	)
	fs.StringVar(
		&oauth.ClientID,
		"mail-oauth-client-id",
		st.get("KLACHT_MAIL_OAUTH_CLIENT_ID", ""),
		"xoauth2: klacht's client id at the provider (env KLACHT_MAIL_OAUTH_CLIENT_ID)",
	)
	fs.StringVar(
		&oauth.ClientSecret,
		"mail-oauth-client-secret",
		st.get("KLACHT_MAIL_OAUTH_CLIENT_SECRET", ""),
		"xoauth2: the client secret; prefer the environment (env KLACHT_MAIL_OAUTH_CLIENT_SECRET)",
	)
	oauthScopes := fs.String(
		"mail-oauth-scopes",
		st.get("KLACHT_MAIL_OAUTH_SCOPES", ""),
		"xoauth2: scopes, e.g. https://outlook.office365.com/.default or https://mail.google.com/ (env KLACHT_MAIL_OAUTH_SCOPES)",
	)
	fs.StringVar(
		&oauth.RefreshToken,
		"mail-oauth-refresh-token",
		st.get("KLACHT_MAIL_OAUTH_REFRESH_TOKEN", ""),
		"xoauth2: a refresh token, when a person authorised the mailbox; prefer the environment (env KLACHT_MAIL_OAUTH_REFRESH_TOKEN)",
	)
	imapEvery := fs.String(
		"imap-every",
		st.get("KLACHT_IMAP_EVERY", "1m"),
		"how often the mailbox is read (env KLACHT_IMAP_EVERY)",
	)
	fs.StringVar(
		&cfg.ForwardAddress,
		"forward-address",
		st.get("KLACHT_FORWARD_ADDRESS", ""),
		"address departments forward complaints to; mail to it goes to the coordinator (env KLACHT_FORWARD_ADDRESS)",
	)
	statusDays := fs.String(
		"status-link-days",
		st.get("KLACHT_STATUS_LINK_DAYS", "90"),
		"days a complainant's status link works after closing (env KLACHT_STATUS_LINK_DAYS)",
	)
	fs.StringVar(
		&cfg.Letterhead,
		"letterhead",
		st.get("KLACHT_LETTERHEAD", ""),
		"letterhead lines under the organisation's name, separated by | (env KLACHT_LETTERHEAD)",
	)
	fs.StringVar(
		&cfg.SSO.Issuer,
		"oidc-issuer",
		st.get("KLACHT_OIDC_ISSUER", ""),
		"single sign-on: the identity provider's issuer URL (env KLACHT_OIDC_ISSUER)",
	)
	fs.StringVar(
		&cfg.SSO.ClientID,
		"oidc-client-id",
		st.get("KLACHT_OIDC_CLIENT_ID", ""),
		"single sign-on: klacht's client id at the provider (env KLACHT_OIDC_CLIENT_ID)",
	)
	fs.StringVar(
		&cfg.SSO.ClientSecret,
		"oidc-client-secret",
		st.get("KLACHT_OIDC_CLIENT_SECRET", ""),
		"single sign-on: the client secret; prefer the environment (env KLACHT_OIDC_CLIENT_SECRET)",
	)
	fs.StringVar(
		&cfg.SSO.RoleClaim,
		"oidc-role-claim",
		st.get("KLACHT_OIDC_ROLE_CLAIM", "groups"),
		"single sign-on: the claim that carries the role (env KLACHT_OIDC_ROLE_CLAIM)",
	)
	oidcRoles := fs.String(
		"oidc-roles",
		st.get("KLACHT_OIDC_ROLES", ""),
		"single sign-on: claim-value=role pairs, most privileged first, e.g. klacht-admin=admin,klacht-staff=agent (env KLACHT_OIDC_ROLES)",
	)
	fs.StringVar(
		&cfg.SSO.Name,
		"oidc-name",
		st.get("KLACHT_OIDC_NAME", "SSO"),
		"single sign-on: the provider's name on the sign-in button (env KLACHT_OIDC_NAME)",
	)
	fs.StringVar(
		&cfg.DBReplica,
		"db-replica",
		st.get("KLACHT_DB_REPLICA", ""),
		"a streaming replica of the PostgreSQL database: search and the reports read there, writes stay on --db (env KLACHT_DB_REPLICA)",
	)
	fs.StringVar(&cfg.MemberLookup.URL, "member-lookup-url", st.get("KLACHT_MEMBER_LOOKUP_URL", ""),
		"the membership system's member API, {member} where the number goes (env KLACHT_MEMBER_LOOKUP_URL)")
	fs.StringVar(&cfg.MemberLookup.Header, "member-lookup-header", st.get("KLACHT_MEMBER_LOOKUP_HEADER", ""),
		"a header sent with each look-up, e.g. 'Authorization: Bearer …' (env KLACHT_MEMBER_LOOKUP_HEADER)")
	memberFields := fs.String("member-lookup-fields", st.get("KLACHT_MEMBER_LOOKUP_FIELDS", ""),
		"where the answer holds each field: name=data.fullName,email=contact.email,… (env KLACHT_MEMBER_LOOKUP_FIELDS)")
	lookupTimeout := fs.String("member-lookup-timeout", st.get("KLACHT_MEMBER_LOOKUP_TIMEOUT", "3s"),
		"how long the form waits for the membership system (env KLACHT_MEMBER_LOOKUP_TIMEOUT)")
	fs.StringVar(&cfg.MembersFile, "members-file", st.get("KLACHT_MEMBERS_FILE", ""),
		"a member file (CSV or XLSX) re-imported whenever it changes (env KLACHT_MEMBERS_FILE)")
	membersEvery := fs.String("members-every", st.get("KLACHT_MEMBERS_EVERY", "10m"),
		"how often the member file is checked for changes (env KLACHT_MEMBERS_EVERY)")
	fs.StringVar(
		&cfg.TrustedProxies,
		"trusted-proxies",
		st.get("KLACHT_TRUSTED_PROXIES", ""),
		"reverse proxies whose X-Forwarded-For names the client: addresses or prefixes, comma-separated "+
			"(env KLACHT_TRUSTED_PROXIES)",
	)
	fs.BoolVar(
		&cfg.SecureCookies,
		"secure-cookies",
		st.get("KLACHT_SECURE_COOKIES", "") == "true",
		"mark cookies Secure and send HSTS; set when served over TLS (env KLACHT_SECURE_COOKIES=true)",
	)
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	if err := checkAddr(cfg.Addr); err != nil {
		return err
	}
	every, err := parseDuration(cfg.TermWatchEvery)
	if err != nil || every < time.Second {
		return fmt.Errorf("%w: --term-watch-every %q: want a duration of at least 1s, e.g. 1m", errUsage, cfg.TermWatchEvery)
	}
	mailEvery, err := parseDuration(cfg.MailEvery)
	if err != nil || mailEvery < time.Second {
		return fmt.Errorf("%w: --mail-every %q: want a duration of at least 1s, e.g. 30s", errUsage, cfg.MailEvery)
	}
	if cfg.DigestHour, err = strconv.Atoi(*digestHour); err != nil || cfg.DigestHour < 0 || cfg.DigestHour > 23 {
		return fmt.Errorf("%w: --digest-hour %q: want an hour from 0 to 23", errUsage, *digestHour)
	}
	pollEvery, err := parseDuration(*imapEvery)
	if err != nil || pollEvery < time.Second {
		return fmt.Errorf("%w: --imap-every %q: want a duration of at least 1s, e.g. 1m", errUsage, *imapEvery)
	}
	// OAuth 2 for the mailbox and the mail server: one token source for both.
	var tokens func(context.Context) (string, error)
	for name, v := range map[string]string{"--smtp-auth": *smtpAuth, "--imap-auth": *imapAuth} {
		switch v {
		case "password":
		case "xoauth2":
			if tokens == nil {
				oauth.Scopes = mailauth.Scopes(*oauthScopes)
				if err := oauth.Check(); err != nil {
					return fmt.Errorf("%w: %v", errUsage, err)
				}
				tokens = oauth.Tokens()
			}
		default:
			return fmt.Errorf("%w: %s %q: want password or xoauth2", errUsage, name, v)
		}
	}
	if *smtpAuth == "xoauth2" {
		cfg.SMTP.Token = tokens
	}
	if *imapAuth == "xoauth2" {
		cfg.IMAP.Token = tokens
	}
	if cfg.IMAP.Addr != "" {
		if err := cfg.IMAP.Check(); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	days, err := strconv.Atoi(*statusDays)
	if err != nil || days < 1 || days > 3650 {
		return fmt.Errorf("%w: --status-link-days %q: want a number of days from 1 to 3650", errUsage, *statusDays)
	}
	if cfg.SMTP.Port, err = strconv.Atoi(*smtpPort); err != nil {
		return fmt.Errorf("%w: --smtp-port %q: want a number", errUsage, *smtpPort)
	}
	if cfg.SMTP.Host != "" {
		if err := cfg.SMTP.Check(); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	if cfg.SSO.Issuer != "" {
		if cfg.SSO.Roles, err = sso.ParseRoles(*oidcRoles); err == nil {
			err = cfg.SSO.Check()
		}
		if err != nil {
			return fmt.Errorf("%w: --oidc-…: %v", errUsage, err)
		}
	}
	if cfg.BaseURL != "" {
		if err := checkBaseURL(cfg.BaseURL); err != nil {
			return err
		}
		if strings.HasPrefix(cfg.BaseURL, "https://") {
			cfg.SecureCookies = true
		}
	}
	if cfg.MembersEvery, err = parseDuration(*membersEvery); err != nil || cfg.MembersEvery < time.Second {
		return fmt.Errorf("%w: --members-every %q: want a duration of at least 1s, e.g. 10m", errUsage, *membersEvery)
	}
	var lookup *member.HTTPLookup
	if cfg.MemberLookup.URL != "" {
		t, err := parseDuration(*lookupTimeout)
		if err != nil || t < 100*time.Millisecond || t > time.Minute {
			return fmt.Errorf("%w: --member-lookup-timeout %q: want a duration from 100ms to 1m", errUsage, *lookupTimeout)
		}
		cfg.MemberLookup.Timeout = t
		if cfg.MemberLookup.Fields, err = member.ParseFields(*memberFields); err != nil {
			return fmt.Errorf("%w: --member-lookup-fields: %v", errUsage, err)
		}
		if err := cfg.MemberLookup.Check(); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		lookup = &cfg.MemberLookup
	}
	proxies, err := web.ParseTrustedProxies(cfg.TrustedProxies)
	if err != nil {
		return fmt.Errorf("%w: --trusted-proxies: %v", errUsage, err)
	}
	log := cfg.logger(env.Stderr)
	s, profile, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if cfg.DBReplica != "" {
		if err := s.UseReplica(ctx, cfg.DBReplica, log); err != nil {
			return fmt.Errorf("%w: --db-replica: %w", errUsage, err)
		}
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + displayAddr(ln.Addr().String())
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	head := notify.Letterhead{Name: profile.Organisation}
	for _, line := range strings.Split(cfg.Letterhead, "|") {
		if line = strings.TrimSpace(line); line != "" {
			head.Lines = append(head.Lines, line)
		}
	}
	var provider *sso.Provider
	if cfg.SSO.Issuer != "" {
		cfg.SSO.RedirectURL = cfg.BaseURL + "/login/sso/callback"
		if provider, err = sso.New(ctx, cfg.SSO); err != nil {
			ln.Close()
			return err
		}
	}
	// One set of use cases serves the web, the jobs and the mailbox.
	svc, err := app.New(app.Config{Store: s, Profile: profile, Logger: log, BaseURL: cfg.BaseURL,
		ForwardAddress: cfg.ForwardAddress, Letterhead: head, MemberLookup: lookup, Country: cfg.PhoneCountry})
	if err != nil {
		ln.Close()
		return err
	}
	srv, err := web.New(web.Config{Store: s, Logger: log, SecureCookies: cfg.SecureCookies, App: svc, TrustedProxies: proxies,
		StatusLinkTTL: time.Duration(days) * 24 * time.Hour, SSO: provider})
	if err != nil {
		ln.Close()
		return err
	}
	if err := printSetupLink(ctx, env, s, cfg.BaseURL); err != nil {
		ln.Close()
		return err
	}
	httpSrv := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}
	fmt.Fprintf(env.Stdout, "klacht is listening on %s (database %s)\n", cfg.BaseURL, s.Dialect())
	log.Info("serving", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "db", string(s.Dialect()))
	// Background work runs on every server; each step is claimed in the
	// database, so several servers never do it twice.
	// Background work is klacht's own machinery: it asks for the system
	// scope by name; requests carry their user's scope instead.
	workCtx, stopWork := context.WithCancel(store.System(ctx))
	defer stopWork()
	var work sync.WaitGroup
	watch := &jobs.TermWatch{Store: s, Profile: svc.Profile, Now: time.Now, Every: every, Log: log}
	work.Go(func() { watch.Run(workCtx) })
	appeals := &jobs.AppealWatch{Store: s, Profile: svc.Profile, Now: time.Now, Every: every, Log: log}
	work.Go(func() { appeals.Run(workCtx) })
	// Outside experts hear once, a day before their deadline (P5.3).
	work.Go(func() { jobs.Loop(workCtx, every, log, "expert reminders", svc.RemindExperts) })
	retention := &jobs.Retention{Store: s, Profile: svc.Profile, Now: time.Now, Every: time.Hour, Log: log}
	work.Go(func() { retention.Run(workCtx) })
	_, checkpointFile := cfg.auditFiles()
	checkpoints := &jobs.AuditCheckpoints{
		Store:   s,
		Profile: svc.Profile,
		Now:     time.Now,
		Every:   time.Hour,
		File:    checkpointFile,
		Log:     log,
	}
	work.Go(func() { checkpoints.Run(workCtx) })
	digest := &jobs.Digest{
		Store:   s,
		Profile: svc.Profile,
		Now:     time.Now,
		Every:   5 * time.Minute,
		Log:     log,
		Hour:    cfg.DigestHour,
		BaseURL: cfg.BaseURL,
	}
	work.Go(func() { digest.Run(workCtx) })
	reports := &jobs.Reports{
		Store:   s,
		Profile: svc.Profile,
		Now:     time.Now,
		Every:   5 * time.Minute,
		Log:     log,
		BaseURL: cfg.BaseURL,
	}
	work.Go(func() { reports.Run(workCtx) })
	// Complaints registered before phone numbers were kept as E.164 are
	// indexed in the background, a batch at a time between other writes.
	work.Go(func() {
		jobs.Loop(workCtx, 10*time.Minute, log, "phone index", func(ctx context.Context) (int, error) {
			done := 0
			for ctx.Err() == nil {
				n, err := s.IndexPhones(ctx, 2000)
				if done += n; err != nil || n == 0 {
					return done, err
				}
			}
			return done, nil
		})
	})
	// SQLite's text index is merged back into one segment every hour, a
	// slice at a time with a pause between for the writes waiting.
	work.Go(func() {
		jobs.Loop(workCtx, time.Hour, log, "text index", func(ctx context.Context) (int, error) {
			return s.MergeWholeTextIndex(ctx, func(ctx context.Context) {
				select {
				case <-ctx.Done():
				case <-time.After(10 * time.Millisecond):
				}
			})
		})
	})
	if cfg.MembersFile != "" {
		members := &jobs.MemberFile{Path: cfg.MembersFile, Import: svc.ImportMembers, Every: cfg.MembersEvery, Log: log}
		work.Go(func() { members.Run(workCtx) })
	}
	// Webhooks go out within seconds of the change; every server sends,
	// each delivery leased to one.
	hooks := &jobs.Webhooks{Store: s, Now: time.Now, Every: 2 * time.Second, Log: log}
	work.Go(func() { hooks.Run(workCtx) })
	if cfg.SMTP.Host != "" {
		domain := "klacht"
		if u, err := url.Parse(cfg.BaseURL); err == nil && u.Hostname() != "" {
			domain = u.Hostname()
		}
		mailer := &jobs.Mailer{Store: s, Send: cfg.SMTP.Send, Now: time.Now, Every: mailEvery, Log: log, Domain: domain}
		work.Go(func() { mailer.Run(workCtx) })
	} else {
		log.Warn("no SMTP server configured (KLACHT_SMTP_HOST): e-mails to complainants wait in the outbox")
	}
	if cfg.IMAP.Addr != "" {
		poller := &intake.Poller{Config: cfg.IMAP, Deliver: svc.TakeMail, Every: pollEvery, Log: log}
		work.Go(func() { poller.Run(workCtx) })
	}

	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	stopWork()
	work.Wait()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := httpSrv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// displayAddr makes a listen address usable in a link: an unspecified host
// becomes localhost.
func displayAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// printSetupLink prints a one-time link to create the first administrator
// when nobody can sign in yet.
func printSetupLink(ctx context.Context, env *Env, s *store.Store, baseURL string) error {
	n, err := s.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	token, hash, err := auth.NewSecret("")
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	if err := s.CreateLink(ctx, hash, store.LinkSetupAdmin, 0, now, now.Add(SetupLinkTTL)); err != nil {
		return err
	}
	fmt.Fprintf(
		env.Stdout,
		"No users yet. Create the first administrator (link valid for 24 hours):\n  %s/setup/%s\n",
		baseURL,
		token,
	)
	return nil
}
