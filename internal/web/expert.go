package web

import (
	"context"
	"fmt"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/store"
)

// Outside experts (P5.3): a campaign head, the DPO or anyone without a
// staff account is asked for input by e-mail, with a signed link that
// expires. The link opens a page with the question, the deadline and,
// when the handler chose to share it, the complaint's text: never the
// complainant's name or contact details. The answer lands on the timeline.

const (
	expertLinkPurpose = "expert"
	// expertGrace is how long after the deadline a late answer is still taken.
	expertGrace = 14 * 24 * time.Hour
	// expertMaxDays bounds the deadline.
	expertMaxDays = 90
	// expertLead is how long before the deadline the reminder goes.
	expertLead = 24 * time.Hour
)

// key is the link key, read once from the database.
func (s *Server) key(ctx context.Context) ([]byte, error) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.linkKey == nil {
		k, err := s.store.LinkKey(ctx)
		if err != nil {
			return nil, err
		}
		s.linkKey = k
	}
	return s.linkKey, nil
}

// ExpertLink is the link an expert answers through.
func (s *Server) ExpertLink(ctx context.Context, x store.ExpertRequest) (string, error) {
	k, err := s.key(ctx)
	if err != nil {
		return "", err
	}
	return s.baseURL + "/expert/" + auth.SignLink(k, expertLinkPurpose, x.ID, x.ExpiresAt), nil
}

// expertInput is a request as a person fills it in.
type expertInput struct {
	Name      string `json:"name"`
	Email     string `json:"email"`
	Lang      string `json:"lang"`
	Question  string `json:"question"`
	Deadline  string `json:"deadline"` // YYYY-MM-DD: the end of that day
	ShareText bool   `json:"share_text"`
}

// request checks the input and makes the request it describes.
func (s *Server) request(in expertInput, u auth.User, now time.Time) (store.ExpertRequest, error) {
	var errs fault.Validation
	x := store.ExpertRequest{Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email), Lang: in.Lang,
		Question: strings.TrimSpace(in.Question), ShareText: in.ShareText, CreatedBy: u.ID, CreatedByName: u.Name, CreatedAt: now.UTC()}
	switch n := utf8.RuneCountInString(x.Name); {
	case n == 0:
		errs.Add("name", "err.required")
	case n > 200:
		errs.Add("name", "err.too_long", 200)
	}
	if a, err := mail.ParseAddress(x.Email); err != nil || a.Address != x.Email {
		errs.Add("email", "err.email")
	}
	if x.Lang == "" {
		x.Lang = s.Profile().DefaultLanguage
	}
	if _, ok := i18n.Parse(x.Lang); !ok {
		errs.Add("lang", "err.language")
	}
	switch n := utf8.RuneCountInString(x.Question); {
	case n == 0:
		errs.Add("question", "err.required")
	case n > complaint.MaxReason:
		errs.Add("question", "err.too_long", complaint.MaxReason)
	}
	loc := s.Profile().Location()
	day, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(in.Deadline), loc)
	y, m, d := now.In(loc).Date()
	switch {
	case err != nil:
		errs.Add("deadline", "err.date")
	case day.Before(time.Date(y, m, d, 0, 0, 0, 0, loc)):
		errs.Add("deadline", "err.expert.deadline_past")
	case day.After(now.AddDate(0, 0, expertMaxDays)):
		errs.Add("deadline", "err.expert.deadline_far", expertMaxDays)
	}
	if err := errs.Err(); err != nil {
		return x, err
	}
	x.Deadline = day.AddDate(0, 0, 1).Add(-time.Minute).UTC()
	x.ExpiresAt = x.Deadline.Add(expertGrace)
	return x, nil
}

// expertMail is the mail that asks (or reminds): the link and what it is for.
func (s *Server) expertMail(ctx context.Context, x store.ExpertRequest, kind string) (complaint.Outgoing, error) {
	link, err := s.ExpertLink(ctx, x)
	if err != nil {
		return complaint.Outgoing{}, err
	}
	lang := i18n.Lang(x.Lang)
	loc := s.Profile().Location()
	deadline := x.Deadline.In(loc).Format("02-01-2006")
	body := i18n.T(lang, "expert.mail."+kind, x.Name, x.CreatedByName, s.Profile().Organisation, x.Reference, x.Question, deadline, link,
		x.ExpiresAt.In(loc).Format("02-01-2006"))
	return complaint.Outgoing{Kind: "expert_" + kind, Channel: complaint.ToldByEmail, Lang: x.Lang, To: x.Email,
		Subject: i18n.T(lang, "expert.mail.subject_"+kind, x.Reference), Body: body}, nil
}

// askExpert records a request and queues its mail.
func (s *Server) askExpert(ctx context.Context, u auth.User, ref string, in expertInput) (store.ExpertRequest, string, error) {
	x, err := s.request(in, u, s.now())
	if err != nil {
		return x, "", err
	}
	// The key is read before the transaction: on SQLite the writer's one
	// connection is the transaction's until it ends.
	if _, err := s.key(ctx); err != nil {
		return x, "", err
	}
	var mailErr error
	x, err = s.store.AskExpert(ctx, ref, x, func(x store.ExpertRequest) complaint.Outgoing {
		m, err := s.expertMail(ctx, x, "request")
		mailErr = err
		return m
	})
	if err == nil {
		err = mailErr
	}
	if err != nil {
		return x, "", err
	}
	link, err := s.ExpertLink(ctx, x)
	return x, link, err
}

func (s *Server) apiAskExpert(w http.ResponseWriter, r *http.Request) {
	u, _ := userOf(r)
	var in expertInput
	if _, err := decodeJSON(w, r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	x, link, err := s.askExpert(r.Context(), u, r.PathValue("reference"), in)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusCreated, map[string]any{"request": x, "link": link})
}

func (s *Server) apiExperts(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.Complaint(r.Context(), r.PathValue("reference"))
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	list, err := s.store.ExpertRequests(r.Context(), c.ID)
	writeItems(s, w, r, list, err)
}

func (s *Server) expertFromForm(r *http.Request, u auth.User, ref string) error {
	f := r.PostForm
	_, _, err := s.askExpert(r.Context(), u, ref, expertInput{Name: f.Get("expert_name"), Email: f.Get("expert_email"), Lang: f.Get("expert_lang"),
		Question: f.Get("question"), Deadline: f.Get("deadline"), ShareText: f.Get("share_text") == "true"})
	// The page's fields carry an expert_ prefix where another form on it
	// uses the same name.
	if e, ok := fault.As(err); ok {
		for i, fe := range e.Fields {
			switch fe.Field {
			case "name", "email", "lang":
				e.Fields[i].Field = "expert_" + fe.Field
			}
		}
	}
	return err
}

// expertPage is what the expert sees.
type expertPage struct {
	basePage
	X      store.ExpertRequest
	C      complaint.Complaint
	Token  string
	Done   bool
	Late   bool
	Answer string
}

// expertRequest checks the link in the path and loads its request.
func (s *Server) expertRequest(r *http.Request) (store.ExpertRequest, complaint.Complaint, error) {
	k, err := s.key(r.Context())
	if err != nil {
		return store.ExpertRequest{}, complaint.Complaint{}, err
	}
	id, err := auth.VerifyLink(k, expertLinkPurpose, r.PathValue("token"), s.now())
	if err != nil {
		return store.ExpertRequest{}, complaint.Complaint{}, fault.New(fault.NotFound, "err.expert.link")
	}
	return s.store.ExpertRequest(r.Context(), id, s.now())
}

func (s *Server) renderExpert(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	x, c, err := s.expertRequest(r)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	lang := i18n.Lang(x.Lang)
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		lang = l
	}
	token := r.PathValue("token")
	p := expertPage{basePage: s.publicBase(r, lang, "expert.title", "/expert/"+token+"?lang="+string(otherLang(lang))), X: x, Token: token,
		Done: x.Answered(), Late: s.now().After(x.Deadline)}
	p.Title = p.T("expert.title") + " " + x.Reference
	// Only what the expert needs: the complaint's text when shared, its
	// category and date; nothing that names or reaches the complainant.
	p.C = complaint.Complaint{Reference: c.Reference, Category: c.Category, ReceivedAt: c.ReceivedAt}
	if x.ShareText {
		p.C.Description = c.Description
	}
	p.Form.Values = r.PostForm
	if formErr != nil && !p.withError(formErr) {
		s.publicError(w, r, formErr)
		return
	}
	s.render(w, r, status, "expert", p)
}

func (s *Server) expertForm(w http.ResponseWriter, r *http.Request) {
	s.renderExpert(w, r, http.StatusOK, nil)
}

// expertAnswer takes the expert's answer, once.
func (s *Server) expertAnswer(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	if !s.parseForm(w, r, maxFormBody) {
		return
	}
	x, _, err := s.expertRequest(r)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	answer := strings.TrimSpace(r.PostForm.Get("answer"))
	switch n := utf8.RuneCountInString(answer); {
	case n == 0:
		err = fault.InvalidField("answer", "err.required")
	case n > complaint.MaxDescription:
		err = fault.InvalidField("answer", "err.too_long", complaint.MaxDescription)
	default:
		err = s.store.AnswerExpert(r.Context(), x.ID, answer, s.now())
	}
	if err != nil {
		s.renderExpert(w, r, statusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/expert/"+r.PathValue("token")+"?notice=expert_answered&lang="+x.Lang, http.StatusSeeOther)
}

// RemindExperts sends the one reminder of each request whose deadline is
// near and unanswered (run by the background work, once per request on
// any number of servers).
func (s *Server) RemindExperts(ctx context.Context) (int, error) {
	now := s.now()
	due, err := s.store.ExpertsToRemind(ctx, now, expertLead, 100)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, x := range due {
		m, err := s.expertMail(ctx, x, "reminder")
		if err != nil {
			return n, err
		}
		ok, err := s.store.RemindExpert(ctx, x, m, now)
		if err != nil {
			return n, fmt.Errorf("remind expert %s: %w", strconv.FormatInt(x.ID, 10), err)
		}
		if ok {
			n++
		}
	}
	return n, nil
}
