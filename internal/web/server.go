// Package web is klacht's HTTP face: the JSON API under /api/v1, the staff
// UI (server-rendered html/template, no build step), and health checks.
// Handlers parse, call the domain and the store, and render; rules live in
// the domain packages.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/sso"
	"github.com/klacht/klacht/internal/store"
)

// Config is what the web layer needs from the program.
type Config struct {
	Store   *store.Store
	Profile procedure.Profile
	Logger  *slog.Logger
	// Now is the clock; tests move it. Defaults to time.Now.
	Now func() time.Time
	// BaseURL is where users reach klacht, for links printed or mailed.
	BaseURL string
	// SecureCookies marks cookies Secure and sends HSTS: set it when klacht
	// is served over TLS (directly or behind a proxy).
	SecureCookies bool
	// Letterhead heads printed letters; its name defaults to the
	// organisation's.
	Letterhead notify.Letterhead
	// ForwardAddress is the one-field "forward by e-mail" address of
	// departments without accounts: mail to it goes to the coordinator.
	ForwardAddress string
	// StatusLinkTTL is how long a complainant's status link works after
	// the complaint is closed; 90 days when zero.
	StatusLinkTTL time.Duration
	// SSO, when set, signs staff in through the organisation's identity
	// provider, beside passwords.
	SSO *sso.Provider
}

// Server serves klacht over HTTP.
type Server struct {
	store   *store.Store
	sso     *sso.Provider
	log     *slog.Logger
	now     func() time.Time
	baseURL string
	secure  bool
	head    notify.Letterhead

	mu               sync.RWMutex
	profile          procedure.Profile
	profileCheckedAt time.Time

	loginByAddr    *auth.Backoff
	formByAddr     *auth.Limiter
	formSecret     string
	statusTTL      time.Duration
	forwardAddress string

	tplMu       sync.Mutex
	tplCache    map[notify.Kind]map[string]notify.Template
	tplVersion  string
	loginByPair *auth.Backoff
	loginPolicy store.LoginPolicy
	pages       *pages
	routes      []route
	handler     http.Handler

	keyMu   sync.Mutex
	linkKey []byte // signs the links of outside experts; from the database
}

// New builds the server and its routes.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{
		store:   cfg.Store,
		sso:     cfg.SSO,
		log:     cfg.Logger,
		now:     func() time.Time { return cfg.Now().UTC().Truncate(time.Microsecond) },
		baseURL: cfg.BaseURL,
		secure:  cfg.SecureCookies,
		head:    cfg.Letterhead,
		profile: cfg.Profile,
	}
	// Sign-in guessing: ten failures per address or five per account in
	// fifteen minutes, whichever comes first.
	// Guessing bounds (README, "Signing in"): ten free failures per
	// address and five per account at an address, then waits doubling
	// from a second to a quarter of an hour; a day without failures
	// forgets them.
	s.loginByAddr = auth.NewBackoff(10, time.Second, 15*time.Minute, 24*time.Hour, s.now)
	s.loginByPair = auth.NewBackoff(5, time.Second, 15*time.Minute, 24*time.Hour, s.now)
	s.loginPolicy = store.DefaultLoginPolicy
	// Public form: five complaints per address in ten minutes is more than
	// any person sends; a household behind one address still gets through.
	s.formByAddr = auth.NewLimiter(5, 10*time.Minute, s.now)
	s.statusTTL = cfg.StatusLinkTTL
	s.forwardAddress = strings.ToLower(strings.TrimSpace(cfg.ForwardAddress))
	if s.statusTTL == 0 {
		s.statusTTL = 90 * 24 * time.Hour
	}
	var err error
	if s.formSecret, err = cfg.Store.Secret(context.Background(), "form"); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if s.pages, err = loadPages(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.routes = s.routeTable()
	s.handler = s.build()
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// profileCheckEvery is how often a server asks the database whether an
// administrator changed the profile (perhaps through another server).
const profileCheckEvery = 5 * time.Second

// Profile returns the current profile, reloading it when its stored
// version moved on.
func (s *Server) Profile() procedure.Profile {
	s.mu.RLock()
	p, checked := s.profile, s.profileCheckedAt
	s.mu.RUnlock()
	if time.Since(checked) < profileCheckEvery {
		return p
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if time.Since(s.profileCheckedAt) < profileCheckEvery {
		return s.profile
	}
	s.profileCheckedAt = time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	v, err := s.store.ProfileVersion(ctx)
	if err != nil || v == s.profile.Version {
		if err != nil {
			s.log.Warn("profile version", "err", err)
		}
		return s.profile
	}
	if fresh, err := s.store.LoadProfile(ctx); err != nil {
		s.log.Warn("reload profile", "err", err)
	} else {
		s.profile = fresh
	}
	return s.profile
}

// reloadProfile makes the next Profile call check the database at once,
// after this server changed it.
func (s *Server) reloadProfile() {
	s.mu.Lock()
	s.profileCheckedAt = time.Time{}
	s.mu.Unlock()
}

type ctxKey int

const userKey ctxKey = 1

func withUser(ctx context.Context, u auth.User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// userOf returns the signed-in user of the request, if any.
func userOf(r *http.Request) (auth.User, bool) {
	u, ok := r.Context().Value(userKey).(auth.User)
	return u, ok
}
