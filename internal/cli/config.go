package cli

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/intake"
	"github.com/klacht/klacht/internal/member"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/sso"
	"github.com/klacht/klacht/internal/store"
)

func osGetenv(k string) string { return os.Getenv(k) }

// Config is every setting of klacht, after defaults, file, environment and
// flags (in rising precedence).
type Config struct {
	DB             string
	DBReplica      string // PostgreSQL: a streaming replica for search and reports
	Addr           string
	BaseURL        string
	SecureCookies  bool
	TrustedProxies string // addresses and prefixes, comma-separated
	PhoneCountry   string // the calling code of national phone numbers (31)
	MemberLookup   member.HTTPLookup
	MembersFile    string        // a member file re-imported when it changes
	MembersEvery   time.Duration // how often the member file is checked
	TermWatchEvery string
	MailEvery      string
	SMTP           notify.SMTPConfig
	Letterhead     string
	DigestHour     int
	IMAP           intake.IMAPConfig
	ForwardAddress string
	SSO            sso.Config
	LogFormat      string // auto, text or json
	LogLevel       string // debug, info, warn, error
	// AuditKeyFile holds the audit chain's keys; AuditKey (environment
	// only) the current key itself, instead. AuditCheckpoints is the file
	// signed checkpoints are added to. Empty: beside a SQLite database
	// (PATH.audit-key, PATH.audit-checkpoints), else in the working folder.
	AuditKeyFile     string
	AuditKey         string
	AuditCheckpoints string
}

// auditFiles are the key file and checkpoint file cfg names, or their
// defaults beside the database.
func (cfg Config) auditFiles() (keyFile, checkpoints string) {
	keyFile, checkpoints = cfg.AuditKeyFile, cfg.AuditCheckpoints
	base := "klacht"
	if d, path, err := store.ParseDSN(cfg.DB); err == nil && d == store.SQLite {
		base = path
	}
	if keyFile == "" {
		keyFile = base + ".audit-key"
	}
	if checkpoints == "" {
		checkpoints = base + ".audit-checkpoints"
	}
	return keyFile, checkpoints
}

// settings resolves a setting's default: KLACHT_* environment first, then
// the optional config file, then the built-in default.
type settings struct {
	file   map[string]string
	getenv func(string) string
}

func (s settings) get(key, def string) string {
	if v := s.getenv(key); v != "" {
		return v
	}
	if v, ok := s.file[key]; ok {
		return v
	}
	return def
}

// loadSettings reads the config file named by --config or KLACHT_CONFIG:
// lines of KLACHT_NAME=value, # comments allowed.
func loadSettings(env *Env, args []string) (settings, error) {
	s := settings{file: map[string]string{}, getenv: env.Getenv}
	path := env.Getenv("KLACHT_CONFIG")
	for i, a := range args {
		if v, ok := strings.CutPrefix(strings.TrimLeft(a, "-"), "config="); ok && strings.HasPrefix(a, "-") {
			path = v
		} else if (a == "--config" || a == "-config") && i+1 < len(args) {
			path = args[i+1]
		}
	}
	if path == "" {
		return s, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return s, fmt.Errorf("config file: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k = strings.TrimSpace(k)
		if !ok || !strings.HasPrefix(k, "KLACHT_") {
			return s, fmt.Errorf("config file %s line %d: want KLACHT_NAME=value", path, n)
		}
		s.file[k] = strings.Trim(strings.TrimSpace(v), `"`)
	}
	if err := sc.Err(); err != nil {
		return s, fmt.Errorf("config file %s: %w", path, err)
	}
	return s, nil
}

// newFlags makes a flag set with the options every command shares, and
// returns the resolved settings for the command's own options.
func newFlags(env *Env, name string, args []string, cfg *Config) (*flag.FlagSet, settings, error) {
	st, err := loadSettings(env, args)
	if err != nil {
		return nil, st, err
	}
	fs := flag.NewFlagSet("klacht "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.String("config", env.Getenv("KLACHT_CONFIG"), "file of KLACHT_NAME=value lines (env KLACHT_CONFIG)")
	fs.StringVar(
		&cfg.DB,
		"db",
		st.get("KLACHT_DB", "sqlite:klacht.db"),
		"database: sqlite:PATH or postgres://… (env KLACHT_DB)",
	)
	fs.StringVar(
		&cfg.PhoneCountry,
		"phone-country",
		st.get("KLACHT_PHONE_COUNTRY", "31"),
		"the calling code national phone numbers are written with as E.164 (env KLACHT_PHONE_COUNTRY)",
	)
	fs.StringVar(
		&cfg.LogFormat,
		"log-format",
		st.get("KLACHT_LOG_FORMAT", "auto"),
		"log format: auto (text on a terminal, else json), text, json (env KLACHT_LOG_FORMAT)",
	)
	fs.StringVar(
		&cfg.LogLevel,
		"log-level",
		st.get("KLACHT_LOG_LEVEL", "info"),
		"log level: debug, info, warn, error (env KLACHT_LOG_LEVEL)",
	)
	fs.StringVar(
		&cfg.AuditKeyFile,
		"audit-key-file",
		st.get("KLACHT_AUDIT_KEY_FILE", ""),
		"file of the audit log's keys, made if missing; default beside a SQLite database (PATH.audit-key), else ./klacht.audit-key (env KLACHT_AUDIT_KEY_FILE)",
	)
	fs.StringVar(
		&cfg.AuditCheckpoints,
		"audit-checkpoints",
		st.get("KLACHT_AUDIT_CHECKPOINTS", ""),
		"file signed audit checkpoints are added to; default PATH.audit-checkpoints or ./klacht.audit-checkpoints (env KLACHT_AUDIT_CHECKPOINTS)",
	)
	cfg.AuditKey = st.get("KLACHT_AUDIT_KEY", "")
	return fs, st, nil
}

// parseWithFile is parse for a command that names one file: before the
// options (leadingArg took it into *file) or after them.
func parseWithFile(fs *flag.FlagSet, args []string, cfg *Config, file *string) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	rest := fs.Args()
	if *file == "" && len(rest) > 0 {
		*file, rest = rest[0], rest[1:]
	}
	return parse(fs, rest, cfg)
}

// parse parses args and checks the shared settings.
func parse(fs *flag.FlagSet, args []string, cfg *Config) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if _, _, err := store.ParseDSN(cfg.DB); err != nil {
		return fmt.Errorf("%w: --db: %v", errUsage, err)
	}
	switch cfg.LogFormat {
	case "auto", "text", "json":
	default:
		return fmt.Errorf("%w: --log-format: %q is not auto, text or json", errUsage, cfg.LogFormat)
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		return fmt.Errorf("%w: --log-level: %q is not debug, info, warn or error", errUsage, cfg.LogLevel)
	}
	return nil
}

func (cfg Config) logger(w io.Writer) *slog.Logger {
	var lvl slog.Level
	lvl.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	format := cfg.LogFormat
	if format == "auto" {
		format = "json"
		if f, ok := w.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				format = "text"
			}
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// checkAddr validates a listen address such as 127.0.0.1:8080 or :8080.
func checkAddr(addr string) error {
	if _, port, err := net.SplitHostPort(addr); err != nil || port == "" {
		return fmt.Errorf("%w: --addr %q: want host:port, e.g. 127.0.0.1:8080", errUsage, addr)
	}
	return nil
}

// checkBaseURL validates the public URL of the server.
func checkBaseURL(v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w: --base-url %q: want http(s)://host[:port]", errUsage, v)
	}
	return nil
}

// parseDuration reads durations with a day unit too: 90d, 12h, 30m.
func parseDuration(v string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(v, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(days, "%d", &n); err != nil || n < 0 || fmt.Sprint(n) != days {
			return 0, fmt.Errorf("bad duration %q", v)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(v)
}
