// Package app holds klacht's use cases: what staff, the public, the
// mailbox, the jobs and the command line do to a complaint. Each use case
// takes the clock, the profile and the message templates from the Service,
// asks the domain packages (complaint, cancellation, procedure) for the
// rule, and has the store write the outcome, timeline and outbox in one
// transaction. The web handlers, the jobs and the IMAP poller call app;
// app never knows how it was called.
package app

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/member"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// Config is what the use cases need from the program.
type Config struct {
	Store   *store.Store
	Profile procedure.Profile
	Logger  *slog.Logger
	// Now is the clock; tests move it. Defaults to time.Now.
	Now func() time.Time
	// BaseURL is where people reach klacht, for links mailed or printed.
	BaseURL string
	// ForwardAddress is the one-field "forward by e-mail" address of
	// departments without accounts: mail to it goes to the coordinator.
	ForwardAddress string
	// Letterhead heads printed letters; its name defaults to the
	// organisation's.
	Letterhead notify.Letterhead
	// MemberLookup asks the membership system for a member (P4.1); nil:
	// the member file and earlier complaints answer.
	MemberLookup *member.HTTPLookup
	// Country is the calling code national phone numbers are written with
	// as E.164 (31, the Netherlands, when empty).
	Country string
}

// Service performs the use cases. It is safe for concurrent use.
type Service struct {
	store          *store.Store
	log            *slog.Logger
	clock          func() time.Time
	baseURL        string
	forwardAddress string
	head           notify.Letterhead
	memberLookup   *member.HTTPLookup
	country        string

	mu               sync.RWMutex
	profile          procedure.Profile
	profileCheckedAt time.Time

	tplMu      sync.Mutex
	tplCache   map[notify.Kind]map[string]notify.Template
	tplVersion string

	keyMu   sync.Mutex
	linkKey []byte // signs the links of outside experts; from the database
}

// New makes the service.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("app: no store")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Service{
		store: cfg.Store, log: cfg.Logger, clock: cfg.Now, baseURL: strings.TrimRight(cfg.BaseURL, "/"),
		forwardAddress: strings.ToLower(strings.TrimSpace(cfg.ForwardAddress)), profile: cfg.Profile,
		head: cfg.Letterhead, memberLookup: cfg.MemberLookup, country: cmp.Or(cfg.Country, "31"),
	}, nil
}

// Now is the service's clock in UTC, to the microsecond both databases keep.
func (a *Service) Now() time.Time { return a.clock().UTC().Truncate(time.Microsecond) }

// BaseURL is where people reach klacht.
func (a *Service) BaseURL() string { return a.baseURL }

// profileCheckEvery is how often a server asks the database whether an
// administrator changed the profile (perhaps through another server).
const profileCheckEvery = 5 * time.Second

// Profile returns the current profile, reloading it when its stored
// version moved on.
func (a *Service) Profile() procedure.Profile {
	a.mu.RLock()
	p, checked := a.profile, a.profileCheckedAt
	a.mu.RUnlock()
	if time.Since(checked) < profileCheckEvery {
		return p
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if time.Since(a.profileCheckedAt) < profileCheckEvery {
		return a.profile
	}
	a.profileCheckedAt = time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	v, err := a.store.ProfileVersion(ctx)
	if err != nil || v == a.profile.Version {
		if err != nil {
			a.log.Warn("profile version", "err", err)
		}
		return a.profile
	}
	if fresh, err := a.store.LoadProfile(ctx); err != nil {
		a.log.Warn("reload profile", "err", err)
	} else {
		a.profile = fresh
	}
	return a.profile
}

// ReloadProfile makes the next Profile call check the database at once,
// after this server changed it.
func (a *Service) ReloadProfile() {
	a.mu.Lock()
	a.profileCheckedAt = time.Time{}
	a.mu.Unlock()
}

// Templates returns the template of kind in both languages. They are
// cached per profile version: saving a template moves the version on, so
// every server reloads them within profileCheckEvery.
func (a *Service) Templates(ctx context.Context, kind notify.Kind) (map[string]notify.Template, error) {
	version := a.Profile().Version
	a.tplMu.Lock()
	if a.tplVersion != version || a.tplCache == nil {
		a.tplCache, a.tplVersion = map[notify.Kind]map[string]notify.Template{}, version
	}
	cached, ok := a.tplCache[kind]
	a.tplMu.Unlock()
	if ok {
		return cached, nil
	}
	out := map[string]notify.Template{}
	for _, lang := range []string{"nl", "en"} {
		t, _, err := a.Template(ctx, kind, lang)
		if err != nil {
			return nil, err
		}
		out[lang] = t
	}
	a.tplMu.Lock()
	if a.tplVersion == version {
		a.tplCache[kind] = out
	}
	a.tplMu.Unlock()
	return out, nil
}

// LetterContext is what messages say beyond the complaint: who signs, for
// which organisation, in which time zone.
func (a *Service) LetterContext(u auth.User, now time.Time) notify.Context {
	p := a.Profile()
	return notify.Context{
		Organisation: p.Organisation,
		Handler:      u.Name,
		Location:     p.Location(),
		Now:          now,
		StatusLink:   a.NewStatusLink,
	}
}

// NewStatusLink makes a fresh link to a complainant's status page: the
// URL to send and the hash to store.
func (a *Service) NewStatusLink() (string, string) {
	token, hash, err := auth.NewSecret("")
	if err != nil {
		return "", ""
	}
	return a.baseURL + "/status/" + token, hash
}

// Template returns the template of kind in lang: the administrators' own
// when saved (custom), else the built-in one.
func (a *Service) Template(
	ctx context.Context,
	kind notify.Kind,
	lang string,
) (t notify.Template, custom bool, err error) {
	saved, found, err := a.store.Template(ctx, string(kind), lang)
	if err != nil || !found {
		return notify.Default(kind, lang), false, err
	}
	return notify.Template{Kind: kind, Lang: lang, Subject: saved.Subject, Body: saved.Body}, true, nil
}

// SaveTemplate checks an administrator's template and stores it; every
// server's template cache follows within profileCheckEvery.
func (a *Service) SaveTemplate(ctx context.Context, u auth.User, t notify.Template) error {
	if err := t.Check(); err != nil {
		return err
	}
	err := a.store.SaveTemplate(
		ctx,
		store.SavedTemplate{Kind: string(t.Kind), Lang: t.Lang, Subject: t.Subject, Body: t.Body},
		u.ID,
		a.Now(),
	)
	a.ReloadProfile()
	return err
}

// ResetTemplate goes back to the built-in template of kind in lang.
func (a *Service) ResetTemplate(ctx context.Context, u auth.User, kind notify.Kind, lang string) error {
	if !kind.Valid() {
		return fault.InvalidField("kind", "err.unknown_key", string(kind))
	}
	err := a.store.ResetTemplate(ctx, string(kind), lang, u.ID, a.Now())
	a.ReloadProfile()
	return err
}

// Letterhead is the configured heading of letters, or the organisation's
// name alone.
func (a *Service) Letterhead() notify.Letterhead {
	h := a.head
	if strings.TrimSpace(h.Name) == "" {
		h.Name = a.Profile().Organisation
	}
	return h
}
