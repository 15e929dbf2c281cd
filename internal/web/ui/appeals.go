package ui

import (
	"net/http"
	"strconv"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/web/kit"
)

// Appeals to the board (P8): filed by the complainant on the status page
// or by staff on their behalf, acknowledged, decided by the board within
// its term, and the decision sent in the complainant's language.

type appealsPage struct {
	kit.Page
	Open    []complaint.Appeal
	Decided []complaint.Appeal
}

func (p appealsPage) IsOverdue(a complaint.Appeal) bool { return a.Overdue(p.Now()) }

func (s *Handler) appealsPage(w http.ResponseWriter, r *http.Request) {
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

func (s *Handler) appealPage(w http.ResponseWriter, r *http.Request) {
	s.renderAppeal(w, r, http.StatusOK, nil)
}

func (s *Handler) renderAppeal(w http.ResponseWriter, r *http.Request, status int, formErr error) {
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

func (s *Handler) decideFromForm(w http.ResponseWriter, r *http.Request) {
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
func (s *Handler) appealFromForm(r *http.Request, u auth.User, ref string) error {
	_, err := s.App.FileAppeal(r.Context(), u, ref, r.PostForm.Get("grounds"))
	return err
}
