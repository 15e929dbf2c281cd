package kit

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
)

// assets are the layout, its partials and the error page every audience
// shares; each audience brings its own pages to LoadPages.
//
//go:embed all:templates
var assets embed.FS

// Pages holds one parsed template set per page, each with the layout.
type Pages struct{ ByName map[string]*template.Template }

// LoadPages parses the pages of each audience (the templates/*.html of
// each file system) with the shared layout; a page's name is its file's
// without .html, unique across audiences.
func LoadPages(audiences ...fs.FS) (*Pages, error) {
	funcs := template.FuncMap{
		// fieldID turns a field name into the id its control carries.
		"fieldID": func(name string) string { return strings.ReplaceAll(name, ".", "-") },
		// list makes a list of strings in a template.
		"list": func(v ...string) []string { return v },
		// sub subtracts, for counts shown beside each other.
		"sub": func(a, b int) int { return a - b },
		// int64 widens a count for kb.
		"int64": func(n int) int64 { return int64(n) },
		// kb shows a size in kilobytes, rounded up.
		"kb": func(n int64) int64 { return (n + 1023) / 1024 },
		// dict passes several values to a sub-template.
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				k, _ := kv[i].(string)
				m[k] = kv[i+1]
			}
			return m
		},
		// asks tells whether a label is a question: an error summary then
		// writes "What is it about? This field is required.", no colon.
		"asks": func(label string) bool { return strings.HasSuffix(label, "?") },
		// str reads a string out of event or change data.
		"str": func(v any) string { s, _ := v.(string); return s },
		// status reads a status out of an event's data.
		"status": func(v any) complaint.Status { s, _ := v.(string); return complaint.Status(s) },
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	p := &Pages{ByName: map[string]*template.Template{}}
	for _, fsys := range append([]fs.FS{assets}, audiences...) {
		files, err := fs.Glob(fsys, "templates/*.html")
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			name := strings.TrimPrefix(f, "templates/")
			if name == "layout.html" || strings.HasPrefix(name, "_") {
				continue
			}
			key := strings.TrimSuffix(name, ".html")
			if _, dup := p.ByName[key]; dup {
				return nil, fmt.Errorf("parse %s: two pages of that name", name)
			}
			t, err := template.Must(base.Clone()).ParseFS(fsys, f)
			if err != nil {
				return nil, fmt.Errorf("parse %s: %w", name, err)
			}
			p.ByName[key] = t
		}
	}
	return p, nil
}

// Page is what every page knows: language, user, profile, clock, and
// the state of a form if it has one. Pages embed it.
type Page struct {
	Lang    i18n.Lang
	User    *auth.User
	Title   string
	Path    string
	Notice  string
	Unread  int    // the user's unread notifications, for the menu
	Public  bool   // a page for complainants: no staff menu
	AltURL  string // the same public page in the other language
	Form    FormState
	profile procedure.Profile
	loc     *time.Location
	now     time.Time
}

func (s *Core) Page(r *http.Request, titleKey string) Page {
	p := s.Profile()
	b := Page{Lang: s.LangOf(r), Path: r.URL.Path, profile: p, loc: p.Location(), now: s.Now()}
	if u, ok := UserOf(r); ok {
		b.User = &u
		if n, err := s.Store.UnreadNotifications(r.Context(), u.ID); err == nil {
			b.Unread = n
		}
	}
	b.Title = b.T(titleKey)
	switch r.URL.Query().Get("notice") {
	case "created",
		"updated",
		"moved",
		"noted",
		"password_set",
		"assigned",
		"forwarded",
		"routes_saved",
		"delay_noticed",
		"handled",
		"template_saved",
		"letters_printed",
		"digest_saved",
		"added",
		"appealed",
		"resolved",
		"replied",
		"called",
		"concluded",
		"decided",
		"outcome_recorded",
		"measure_set",
		"measure_done",
		"subject_set",
		"approval_asked",
		"approved",
		"sent_back",
		"flags_saved",
		"representative",
		"profile_applied",
		"part_added",
		"part_handled",
		"hearing",
		"signed",
		"on_agenda",
		"published",
		"withdrawn",
		"imported",
		"totp_enabled",
		"do_not_call",
		"paused",
		"rated",
		"merged",
		"merged_from",
		"expert_asked",
		"expert_answered",
		"webhook_added",
		"webhook_deleted",
		"webhook_secret",
		"webhook_resent":
		b.Notice = b.T("notice." + r.URL.Query().Get("notice"))
	}
	return b
}

// Organisation is the organisation's name, for public pages.
func (b Page) Organisation() string { return b.profile.Organisation }

// T renders a message in the page's language.
func (b Page) T(key string, args ...any) string { return i18n.T(b.Lang, key, args...) }

// CanSeeDashboard tells the layout whether to offer the dashboard.
func (b Page) CanSeeDashboard() bool {
	return b.User != nil && auth.Can(b.User.Role, auth.DashboardView)
}

// CanPrintLetters tells the layout whether to offer the letters.
func (b Page) CanPrintLetters() bool {
	return b.User != nil && auth.Can(b.User.Role, auth.LettersPrint)
}

// CanServeSubjects tells whether the user handles data subjects' requests.
func (b Page) CanServeSubjects() bool {
	return b.User != nil && auth.Can(b.User.Role, auth.SubjectRights)
}

// CanSeeAudit tells whether the user may search the audit log.
func (b Page) CanSeeAudit() bool {
	return b.User != nil && auth.Can(b.User.Role, auth.AuditView)
}

// CanExportDoNotCall tells whether the user takes the do-not-call list.
func (b Page) CanExportDoNotCall() bool {
	return b.User != nil && auth.Can(b.User.Role, auth.DoNotCallExport)
}

// CanSeeAppeals tells the layout whether to offer the board's queue.
func (b Page) CanSeeAppeals() bool {
	return b.User != nil && auth.Can(b.User.Role, auth.AppealView)
}

// CanSeeReports tells the layout whether to offer the evaluation.
func (b Page) CanSeeReports() bool {
	return b.User != nil && auth.Can(b.User.Role, auth.ReportView)
}

// CanImport tells whether the user may import cancellations.
func (b Page) CanImport() bool {
	return b.User != nil && auth.Can(b.User.Role, auth.CancellationImport)
}

// CanWorkCancellations tells the layout whether to offer the call list.
func (b Page) CanWorkCancellations() bool {
	return b.User != nil && auth.Can(b.User.Role, auth.CancellationWork)
}

// CanManageUsers tells the layout whether to offer user administration.
func (b Page) CanManageUsers() bool {
	return b.User != nil && auth.Can(b.User.Role, auth.UserManage)
}

// CanManageWebhooks tells the layout whether to offer webhook endpoints.
func (b Page) CanManageWebhooks() bool {
	return b.User != nil && auth.Can(b.User.Role, auth.WebhookManage)
}

// WebhookType is an event type as people read it.
func (b Page) WebhookType(t string) string { return b.T("webhook.type." + t) }

// WebhookStatus is a delivery's state as people read it.
func (b Page) WebhookStatus(s string) string { return b.T("webhook.status." + s) }

// CanSeeMail reports whether the user may open the intake log and the
// quarantine, which hold raw mail with contact data.
func (b Page) CanSeeMail() bool { return b.User != nil && auth.Can(b.User.Role, auth.MailIntake) }

// OtherLang is the language the switch offers.
func (b Page) OtherLang() i18n.Lang {
	if b.Lang == i18n.NL {
		return i18n.EN
	}
	return i18n.NL
}

// Time shows t in the organisation's time zone.
func (b Page) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if b.Lang == i18n.NL {
		return t.In(b.loc).Format("02-01-2006 15:04")
	}
	return t.In(b.loc).Format("2 Jan 2006 15:04")
}

// Date shows t's date in the organisation's time zone.
func (b Page) Date(t time.Time) string { return DateText(b.Lang, b.loc, t) }

// DateText is t's date as people of lang write it, in loc.
func DateText(lang i18n.Lang, loc *time.Location, t time.Time) string {
	if lang == i18n.NL {
		return t.In(loc).Format("02-01-2006")
	}
	return t.In(loc).Format("2 Jan 2006")
}

// ISO is t as an HTML datetime attribute.
func (b Page) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func (b Page) Category(key string) string     { return b.profile.CategoryLabel(key, b.Lang) }
func (b Page) Channel(key string) string      { return b.profile.ChannelLabel(key, b.Lang) }
func (b Page) Department(key string) string   { return b.profile.DepartmentLabel(key, b.Lang) }
func (b Page) CampaignName(key string) string { return b.profile.CampaignLabel(key, b.Lang) }
func (b Page) Role(key auth.Role) string      { return b.profile.RoleLabel(string(key), b.Lang) }

// RoleName labels a role given as a string.
func (b Page) RoleName(key string) string { return b.profile.RoleLabel(key, b.Lang) }
func (b Page) Status(s complaint.Status) string {
	return b.T("status." + string(s))
}
func (b Page) Concerns(c complaint.Concerns) string {
	if c == complaint.ConcernsUnknown {
		return b.T("concerns.unknown")
	}
	return b.T("concerns." + string(c))
}

// ActionLabel names the button that moves a complaint from → to.
func (b Page) ActionLabel(from, to complaint.Status) string {
	if from.IsReopen(to) {
		return b.T("action.reopen")
	}
	return b.T("action." + string(to))
}

// FieldLabel names a field of the register ("complainant.name") in the
// page's language, for lists of missing or changed fields.
func (b Page) FieldLabel(name string) string {
	if cat, ok := strings.CutPrefix(name, "route."); ok {
		return b.Category(cat)
	}
	return b.T("f." + strings.TrimPrefix(name, "complainant."))
}

// FieldValue shows a changed value as people read it: labels for keys,
// local time for times.
func (b Page) FieldValue(name string, v any) string {
	s, _ := v.(string)
	switch name {
	case "category":
		return b.Category(s)
	case "channel":
		return b.Channel(s)
	case "answer_by":
		if s == "" {
			return b.T("form.answer_by_none")
		}
		return b.AnswerByLabel(s)
	case "department", "team":
		return b.Department(s)
	case "campaign":
		if s == "" {
			return "—"
		}
		return b.CampaignName(s)
	case "concerns":
		return b.Concerns(complaint.Concerns(s))
	case "language":
		return b.T("lang." + s)
	case "expected_at", "held_on", "due_at":
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return b.Date(t)
		}
	case "received_at":
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return b.Time(t)
		}
	}
	if s == "" {
		return "—"
	}
	return s
}

// Now is the page's moment, for templates.
func (b Page) Now() time.Time { return b.now }

// IsBreach tells whether c breaks P5.5 now: overdue without a notice.
func (b Page) IsBreach(c complaint.Complaint) bool { return c.Breach(b.now) }

// Due describes where a complaint stands against its term: "overdue",
// "soon" (within three days) or "".
func (b Page) Due(c complaint.Complaint) string {
	switch {
	case c.Paused():
		return "paused"
	case c.Overdue(b.now):
		return "overdue"
	case complaint.DueSoon(c.Status, c.DueAt, b.now, 72*time.Hour):
		return "soon"
	}
	return ""
}

// FormState is a form's submitted values and its field errors.
type FormState struct {
	Values  url.Values
	Errors  map[string]string
	Order   []string // fields with errors, in the order they were found
	Summary string
}

// Get returns a submitted value.
func (f FormState) Get(name string) string { return f.Values.Get(name) }

// Err returns the error of a field, already translated.
func (f FormState) Err(name string) string { return f.Errors[name] }

// Has reports whether the form's name holds value among its values (a
// ticked checkbox of several).
func (f FormState) Has(name, value string) bool { return slices.Contains(f.Values[name], value) }

// WithError records err on the form: field errors inline, the rest as a
// summary. It returns false for errors a form cannot show (internal ones).
func (b *Page) WithError(err error) bool {
	e, ok := fault.As(err)
	if !ok || e.Code == fault.Internal {
		return false
	}
	if b.Form.Errors == nil {
		b.Form.Errors = map[string]string{}
	}
	for _, f := range e.Fields {
		if _, seen := b.Form.Errors[f.Field]; !seen {
			b.Form.Errors[f.Field] = i18n.T(b.Lang, f.Key, f.Args...)
			b.Form.Order = append(b.Form.Order, f.Field)
		}
	}
	if len(e.Fields) > 0 {
		b.Form.Summary = b.T("err.form")
	} else {
		b.Form.Summary = i18n.T(b.Lang, e.Key, e.Args...)
	}
	return true
}

// Render writes page name with data; a template failure is logged and
// answered with a plain 500, never with half a page.
func (s *Core) Render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.Pages.ByName[name]
	if !ok {
		s.Log.ErrorContext(r.Context(), "no such page", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		s.Log.ErrorContext(r.Context(), "render page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(withoutBidiControls(buf.Bytes()))
}

type ErrorPageData struct {
	Page
	Status  int
	Message string
	// RequestID is shown with an error of klacht's own, to quote when
	// reporting it.
	RequestID string
}

// ErrorPage renders err as a page in the user's language.
func (s *Core) ErrorPage(w http.ResponseWriter, r *http.Request, err error) {
	b := s.Page(r, "error.title")
	p := ProblemOf(r, err, b.Lang, s.Log)
	data := ErrorPageData{Page: b, Status: p.Status, Message: p.Detail}
	if len(p.Errors) > 0 {
		// A page reached by a link has no form to mark: say what is wrong.
		msgs := make([]string, len(p.Errors))
		for i, f := range p.Errors {
			msgs[i] = f.Detail
		}
		data.Message = strings.Join(msgs, " ")
	}
	if p.Status >= http.StatusInternalServerError {
		data.RequestID = p.RequestID
	}
	s.Render(w, r, p.Status, "error", data)
}

// LangOf picks the UI language: the user's setting, then the lang cookie,
// then the browser's preference.
func (s *Core) LangOf(r *http.Request) i18n.Lang {
	if u, ok := UserOf(r); ok {
		if l, ok := i18n.Parse(u.Lang); ok {
			return l
		}
	}
	if c, err := r.Cookie("klacht_lang"); err == nil {
		if l, ok := i18n.Parse(c.Value); ok {
			return l
		}
	}
	return i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"))
}

// bidiControls are the characters that reorder the text around them
// (embeddings, overrides, isolates). The templates hold none, so any on a
// page came from what someone typed, where they could make "exe.pdf" read
// as "fdp.exe" or a reference read backwards: they are dropped from every
// page, so stored text is shown as it is.
var bidiControls = strings.NewReplacer("\u202a", "", "\u202b", "", "\u202c", "", "\u202d", "", "\u202e", "",
	"\u2066", "", "\u2067", "", "\u2068", "", "\u2069", "")

func withoutBidiControls(page []byte) []byte {
	if !bytes.ContainsAny(page, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
		return page
	}
	return []byte(bidiControls.Replace(string(page)))
}

// Link is path with the query q plus the given key, value pairs, built
// whole in Go: a query put into an href by a template would have its =
// and & escaped as data.
func Link(path string, q url.Values, pairs ...string) string {
	v := url.Values{}
	for k, vals := range q {
		v[k] = append([]string(nil), vals...)
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Set(pairs[i], pairs[i+1])
	}
	u := url.URL{Path: path, RawQuery: v.Encode()}
	return u.String()
}

// Profile is the organisation's profile the page was made with.
func (b Page) Profile() procedure.Profile { return b.profile }

// Location is the organisation's time zone.
func (b Page) Location() *time.Location { return b.loc }

// Amount writes cents as euros the way the page's language does:
// "1.250,00" in Dutch, "1,250.00" in English.
func (b Page) Amount(cents int64) string {
	s := complaint.FormatAmount(cents)
	if b.Lang == i18n.EN {
		s = strings.NewReplacer(".", ",", ",", ".").Replace(s)
	}
	return s
}

// HandlingTerm names the profile's handling term (P5.4) in the page's
// language: "14 dagen", "6 weeks".
func (b Page) HandlingTerm() string { return procedure.TermText(b.profile.HandlingTerm(), b.Lang) }

// AppealTerm names the board's term for an appeal (P8.2).
func (b Page) AppealTerm() string { return procedure.TermText(b.profile.AppealTerm(), b.Lang) }
