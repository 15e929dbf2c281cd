// Package web is klacht's HTTP face: the JSON API under /api/v1, the staff
// UI (server-rendered html/template, no build step), and health checks.
// Handlers parse, call the use cases in internal/app (or read the store),
// and render; rules live in the domain packages.
package web

import (
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/metrics"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/sso"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
	"github.com/klacht/klacht/internal/web/kit"
	"github.com/klacht/klacht/internal/web/public"
	"github.com/klacht/klacht/internal/web/ui"
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
	// organisation's. (Used when App is nil; else the App's.)
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
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (sign-in limits and logs count clients, not the proxy).
	TrustedProxies []netip.Prefix
	// App performs the use cases; when nil, New makes one from the fields
	// above (Profile, Now, BaseURL, ForwardAddress, Letterhead). serve
	// passes its own, so the jobs and the handlers share one.
	App *app.Service
}

// Server serves klacht over HTTP.
type Server struct {
	*kit.Core
	api     *api.Handler
	public  *public.Handler
	ui      *ui.Handler
	routes  []kit.Route
	handler http.Handler
	proxies []netip.Prefix
	// metricsHandler serves /metrics: the process's registry and the
	// database's gauges.
	metricsHandler http.Handler
}

// New builds the server and its routes.
func New(cfg Config) (_ *Server, err error) {
	defer fault.Wrap(&err, "web")
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.Logger = slog.New(kit.LogRequestIDs(cfg.Logger.Handler()))
	a := cfg.App
	if a == nil {
		a, err = app.New(app.Config{Store: cfg.Store, Profile: cfg.Profile, Logger: cfg.Logger, Now: cfg.Now,
			BaseURL: cfg.BaseURL, ForwardAddress: cfg.ForwardAddress, Letterhead: cfg.Letterhead})
		if err != nil {
			return nil, err
		}
	}
	s := &Server{Core: &kit.Core{App: a, Store: cfg.Store, Log: cfg.Logger, Secure: cfg.SecureCookies}}
	statusTTL := cfg.StatusLinkTTL
	if statusTTL == 0 {
		statusTTL = 90 * 24 * time.Hour
	}
	if s.Pages, err = kit.LoadPages(ui.Templates(), public.Templates()); err != nil {
		return nil, err
	}
	s.api = api.New(s.Core)
	s.ui = ui.New(s.Core, cfg.SSO)
	if s.public, err = public.New(s.Core, statusTTL); err != nil {
		return nil, err
	}
	s.metricsHandler = metrics.Default.Handler(slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
		dbCollector{store: cfg.Store, now: s.Now, log: cfg.Logger})
	s.proxies = cfg.TrustedProxies
	s.routes = s.routeTable()
	s.handler = s.build()
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
