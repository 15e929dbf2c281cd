package ui

import (
	"net/http"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/web/kit"
)

// Four eyes before the final answer: the complaint page's
// approval panel and the list of outcomes waiting for one.

// approvalFromForm approves the waiting outcome, or sends it back with a
// note (action=send_back).
func (s *Handler) approvalFromForm(r *http.Request, u auth.User, ref string) (string, error) {
	if r.PostForm.Get("action") == "send_back" {
		return "sent_back", s.App.SendBack(r.Context(), u, ref, r.PostForm.Get("approval_note"))
	}
	return "approved", s.App.Approve(r.Context(), u, ref)
}

func (s *Handler) flagsFromForm(r *http.Request, u auth.User, ref string) error {
	return s.App.SetFlags(r.Context(), u, ref, r.PostForm["flags"])
}

type approvalsPage struct {
	kit.Page
	Waiting []complaint.Complaint
}

// approvalsPage lists the complaints whose written outcome waits for a
// second person, the longest waiting first.
func (s *Handler) approvalsPage(w http.ResponseWriter, r *http.Request) {
	page := approvalsPage{Page: s.Page(r, "approval.list_title")}
	var err error
	if page.Waiting, err = s.Store.WaitingApproval(r.Context(), 200); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "approvals", page)
}

// representativeFromForm records who acts for the complainant (issue
// 19.6), or with action=remove that nobody does.
func (s *Handler) representativeFromForm(r *http.Request, u auth.User, ref string) error {
	f := r.PostForm
	if f.Get("action") == "remove" {
		_, err := s.App.SetRepresentative(r.Context(), u, ref, nil)
		return err
	}
	rep := complaint.Representative{Relation: f.Get("representative.relation"), Authorised: f.Get("representative.authorised") == "true",
		AuthorisationNote: f.Get("representative.authorisation_note"), WriteTo: f.Get("representative.write_to"),
		Contact: complaint.Complainant{Name: f.Get("representative.name"), Address: f.Get("representative.address"),
			Postcode: f.Get("representative.postcode"), City: f.Get("representative.city"),
			Email: f.Get("representative.email"), Phone: f.Get("representative.phone")}}
	_, err := s.App.SetRepresentative(r.Context(), u, ref, &rep)
	return err
}

type partsPage struct {
	kit.Page
	Parts []complaint.Part
}

// partsPage lists the open parts referred to the reader's department or
// to them, by term.
func (s *Handler) partsPage(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	page := partsPage{Page: s.Page(r, "part.list_title")}
	var err error
	if page.Parts, err = s.Store.OpenParts(r.Context(), u.Department, u.ID, 200); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "parts", page)
}
