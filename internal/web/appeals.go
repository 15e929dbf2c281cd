package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/web/kit"
)

// Appeals to the board (P8): filed by the complainant on the status page
// or by staff on their behalf, acknowledged, decided by the board within
// its term, and the decision sent in the complainant's language.

type appealView struct {
	ID        int64      `json:"id"`
	Reference string     `json:"reference"`
	Grounds   string     `json:"grounds"`
	FiledAt   time.Time  `json:"filed_at"`
	DueAt     time.Time  `json:"due_at"`
	Overdue   bool       `json:"overdue"`
	Decision  string     `json:"decision"`
	Reasoning string     `json:"reasoning"`
	DecidedAt *time.Time `json:"decided_at"`
}

func viewAppeal(a complaint.Appeal, now time.Time) appealView {
	return appealView{
		ID:        a.ID,
		Reference: a.Reference,
		Grounds:   a.Grounds,
		FiledAt:   a.FiledAt,
		DueAt:     a.DueAt,
		Overdue:   a.Overdue(now),
		Decision:  a.Decision,
		Reasoning: a.Reasoning,
		DecidedAt: kit.TimePtr(a.DecidedAt),
	}
}

func (s *Server) apiFileAppeal(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Grounds string `json:"grounds"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	a, err := s.App.FileAppeal(r.Context(), u, r.PathValue("reference"), in.Grounds)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusCreated, viewAppeal(a, s.Now()))
}

func (s *Server) apiAppeals(w http.ResponseWriter, r *http.Request) {
	open := r.URL.Query().Get("state") != "decided"
	list, err := s.Store.Appeals(r.Context(), open, 200)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	out := make([]appealView, len(list))
	for i, a := range list {
		out[i] = viewAppeal(a, s.Now())
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": out})
}

func (s *Server) apiDecideAppeal(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Decision  string `json:"decision"`
		Reasoning string `json:"reasoning"`
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.WriteProblem(w, r, kit.ErrNotFound)
		return
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	a, err := s.App.DecideAppeal(r.Context(), u, id, in.Decision, in.Reasoning)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewAppeal(a, s.Now()))
}

type appealsPage struct {
	kit.Page
	Open    []complaint.Appeal
	Decided []complaint.Appeal
}

func (p appealsPage) IsOverdue(a complaint.Appeal) bool { return a.Overdue(p.Now()) }

func (s *Server) appealsPage(w http.ResponseWriter, r *http.Request) {
	page := appealsPage{Page: s.Page(r, "appeals.title")}
	var err error
	if page.Open, err = s.Store.Appeals(r.Context(), true, 200); err == nil {
		page.Decided, err = s.Store.Appeals(r.Context(), false, 20)
	}
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "appeals", page)
}

type appealPage struct {
	kit.Page
	A         complaint.Appeal
	C         complaint.Complaint
	CanDecide bool
}

// DecisionOptions lists the board's possible decisions.
func (p appealPage) DecisionOptions() []kit.Option {
	out := []kit.Option{{Value: "", Label: p.T("form.choose")}}
	for _, d := range complaint.Decisions {
		out = append(out, kit.Option{Value: d, Label: p.T("decision." + d)})
	}
	return out
}

func (s *Server) appealPage(w http.ResponseWriter, r *http.Request) {
	s.renderAppeal(w, r, http.StatusOK, nil)
}

func (s *Server) renderAppeal(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	u, _ := kit.UserOf(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.ErrorPage(w, r, kit.ErrNotFound)
		return
	}
	a, err := s.Store.Appeal(r.Context(), id)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	c, err := s.Store.Complaint(r.Context(), a.Reference)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page := appealPage{
		Page:      s.Page(r, "appeals.one"),
		A:         a,
		C:         c,
		CanDecide: auth.Can(u.Role, auth.AppealDecide) && a.Open(),
	}
	page.Form.Values = r.PostForm
	if formErr != nil && !page.WithError(formErr) {
		s.ErrorPage(w, r, formErr)
		return
	}
	s.Render(w, r, status, "appeal", page)
}

func (s *Server) decideFromForm(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxFormBody) {
		return
	}
	u, _ := kit.UserOf(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.ErrorPage(w, r, kit.ErrNotFound)
		return
	}
	if _, err := s.App.DecideAppeal(r.Context(), u, id, r.PostForm.Get("decision"), r.PostForm.Get("reasoning")); err != nil {
		s.renderAppeal(w, r, kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/appeals/"+r.PathValue("id")+"?notice=decided", http.StatusSeeOther)
}

// appealFromForm files an appeal on the complainant's behalf.
func (s *Server) appealFromForm(r *http.Request, u auth.User, ref string) error {
	_, err := s.App.FileAppeal(r.Context(), u, ref, r.PostForm.Get("grounds"))
	return err
}
