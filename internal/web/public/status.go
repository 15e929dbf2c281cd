package public

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"unicode/utf8"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// The complainant's status page (P8.1): reached through the unguessable
// link in every message, it shows where the complaint stands and what was
// sent, takes additions, and after handling takes a request to appeal.
// The link stops working a while after the complaint is closed.

type statusPage struct {
	kit.Page
	C         complaint.Complaint
	Token     string
	Messages  []store.OutboxItem
	CanAppeal bool
	Appealed  bool
	Question  string // what the handler waits for, while the term is paused
	CanRate   bool   // handled and not rated yet
	Rated     bool
	Rating    store.Rating
}

// Scores are the rating's choices, worst first.
func (statusPage) Scores() []int { return []int{1, 2, 3, 4, 5} }

var errLinkExpired = fault.New(fault.NotFound, "err.status.expired")

// statusComplaint finds the complaint of the link in the path, refusing an
// expired one.
func (s *Handler) statusComplaint(r *http.Request) (complaint.Complaint, error) {
	c, err := s.Store.ComplaintByStatusLink(r.Context(), auth.HashSecret(r.PathValue("token")))
	if err != nil {
		return c, fault.New(fault.NotFound, "err.link")
	}
	if c.Status == complaint.Closed && !c.ClosedAt.IsZero() && s.Now().After(c.ClosedAt.Add(s.statusTTL)) {
		return c, errLinkExpired
	}
	return c, nil
}

// statusLang is the page's language: asked for, else the complainant's.
func statusLang(r *http.Request, c complaint.Complaint) i18n.Lang {
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		return l
	}
	if l, ok := i18n.Parse(c.Language); ok {
		return l
	}
	return i18n.Default
}

func (s *Handler) publicError(w http.ResponseWriter, r *http.Request, err error) {
	lang, ok := i18n.Parse(r.URL.Query().Get("lang"))
	if !ok {
		lang = i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"))
	}
	b := s.publicBase(r, lang, "error.title", "")
	p := kit.ProblemOf(r, err, lang, s.Log)
	s.Render(w, r, p.Status, "error", kit.ErrorPageData{Page: b, Status: p.Status, Message: p.Detail})
}

func (s *Handler) renderStatus(w http.ResponseWriter, r *http.Request, page string, status int, formErr error) {
	// The link is a key: it must not leak through the Referer header.
	w.Header().Set("Referrer-Policy", "no-referrer")
	c, err := s.statusComplaint(r)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	lang := statusLang(r, c)
	token := r.PathValue("token")
	alt := "/status/" + token + "?lang=" + string(otherLang(lang))
	if page == "public_received" {
		alt = "/status/" + token + "/received?lang=" + string(otherLang(lang))
	}
	p := statusPage{Page: s.publicBase(r, lang, "status.title", alt), C: c, Token: token}
	p.Title = p.T("status.title") + " " + c.Reference
	if p.Messages, err = s.Store.ComplaintMessages(r.Context(), c.ID); err != nil {
		s.publicError(w, r, err)
		return
	}
	events, err := s.Store.Timeline(r.Context(), c.ID)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	for _, e := range events {
		if e.Kind == complaint.EventAppealRequested || e.Kind == complaint.EventAppealFiled {
			p.Appealed = true
		}
	}
	p.Question = question(c, events)
	if p.Rating, p.Rated, err = s.Store.RatingOf(r.Context(), c.ID); err != nil {
		s.publicError(w, r, err)
		return
	}
	p.CanRate = (c.Status == complaint.Handled || c.Status == complaint.Closed) && !p.Rated
	p.CanAppeal = (c.Status == complaint.Handled || c.Status == complaint.Closed) && !p.Appealed
	p.Form.Values = r.PostForm
	if formErr != nil && !p.WithError(formErr) {
		s.publicError(w, r, formErr)
		return
	}
	s.Render(w, r, status, page, p)
}

func (s *Handler) statusPage(w http.ResponseWriter, r *http.Request) {
	s.renderStatus(w, r, "status", http.StatusOK, nil)
}

// receivedPage confirms a complaint sent by the public form.
func (s *Handler) receivedPage(w http.ResponseWriter, r *http.Request) {
	s.renderStatus(w, r, "public_received", http.StatusOK, nil)
}

// MaxAddition bounds what a complainant adds at once.
const MaxAddition = 10000

// statusAdd takes more information, and files, from the complainant.
func (s *Handler) statusAdd(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	if err := kit.ParseUploadForm(w, r); err != nil {
		s.renderStatus(w, r, "status", kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	c, err := s.statusComplaint(r)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	text := strings.TrimSpace(r.PostForm.Get("text"))
	var errs fault.Validation
	atts, aerr := kit.AttachmentsOf(r, "attachments", "complainant", s.Now)
	if e, ok := fault.As(aerr); ok {
		for _, fe := range e.Fields {
			errs.Add(fe.Field, fe.Key, fe.Args...)
		}
	}
	switch n := utf8.RuneCountInString(text); {
	case n == 0 && len(atts) == 0 && !errs.Has("attachments"):
		errs.Add("text", "err.required")
	case n > MaxAddition:
		errs.Add("text", "err.too_long", MaxAddition)
	}
	if err := errs.Err(); err != nil {
		s.renderStatus(w, r, "status", http.StatusUnprocessableEntity, err)
		return
	}
	err = s.App.AddFromComplainant(r.Context(), c.Reference, text, atts)
	if err != nil {
		s.renderStatus(w, r, "status", kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(
		w,
		r,
		"/status/"+r.PathValue("token")+"?notice=added&lang="+url.QueryEscape(string(statusLang(r, c))),
		http.StatusSeeOther,
	)
}

// statusRate records the complainant's rating from the form on the status
// page. Only this POST records: opening the page (as mail scanners do with
// every link) never does.
func (s *Handler) statusRate(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	if !s.ParseForm(w, r, kit.MaxFormBody) {
		return
	}
	c, err := s.statusComplaint(r)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	score, convErr := strconv.Atoi(r.PostForm.Get("score"))
	if convErr != nil {
		score = 0 // refused below as "choose a score"
	}
	if err := s.App.Rate(r.Context(), c.ID, score, r.PostForm.Get("comment")); err != nil {
		s.renderStatus(w, r, "status", kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(
		w,
		r,
		"/status/"+r.PathValue("token")+"?notice=rated&lang="+url.QueryEscape(string(statusLang(r, c)))+"#rating",
		http.StatusSeeOther,
	)
}

// statusAppeal records the complainant's request to appeal to the board
// (P8.1); the appeal procedure itself takes it from the timeline.
func (s *Handler) statusAppeal(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	if err := kit.ParseUploadForm(w, r); err != nil {
		s.renderStatus(w, r, "status", kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	c, err := s.statusComplaint(r)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	atts, err := kit.AttachmentsOf(r, "attachments", "complainant", s.Now)
	if err == nil {
		_, err = s.App.FileAppeal(r.Context(), auth.User{}, c.Reference, r.PostForm.Get("grounds"), atts...)
	}
	if err != nil {
		s.renderStatus(w, r, "status", kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(
		w,
		r,
		"/status/"+r.PathValue("token")+"?notice=appealed&lang="+url.QueryEscape(string(statusLang(r, c))),
		http.StatusSeeOther,
	)
}

// PublicStatus is the complaint's status in words for the complainant.
func (p statusPage) PublicStatus() string { return p.T("public.status." + string(p.C.Status)) }

// Sent lists the messages that went out, for the complainant.
func (p statusPage) Sent() []store.OutboxItem {
	var out []store.OutboxItem
	for _, m := range p.Messages {
		// Mail to outside experts, or to the person complained about, is
		// not the complainant's to see.
		if (m.Status == "sent" || m.Status == "printed") && !strings.HasPrefix(m.Kind, "expert_") &&
			!strings.HasPrefix(m.Kind, "subject_") {
			out = append(out, m)
		}
	}
	return out
}

// SentAt is when a message went out.
func (p statusPage) SentAt(m store.OutboxItem) string {
	t := m.DoneAt
	if t.IsZero() {
		t = m.CreatedAt
	}
	return p.Date(t)
}

// question is what a paused complaint waits for: the reason of its
// latest pause.
func question(c complaint.Complaint, events []complaint.Event) string {
	if !c.Paused() {
		return ""
	}
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Kind == complaint.EventTermPaused {
			q, _ := events[i].Data["reason"].(string)
			return q
		}
	}
	return ""
}
