package ui

import (
	"net/http"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// The do-not-call list: a telemarketing complaint puts its complainant
// on it; the CRM and the telemarketing agency take it as a suppression
// list (CSV or JSON), with the date and the complaint's reference.

// doNotCallFromForm sets or (action=lift) lifts the flag from the complaint page.
func (s *Handler) doNotCallFromForm(r *http.Request, u auth.User, ref string) error {
	if r.PostForm.Get("action") == "lift" {
		return s.App.LiftDoNotCall(r.Context(), u, ref)
	}
	_, err := s.App.SetDoNotCall(r.Context(), u, ref)
	return err
}

type doNotCallPage struct {
	kit.Page
	List   []store.DoNotCall
	Export string // the list as the CSV file, for the shown since
}

// doNotCallPage lists the entries that hold, with the CSV download.
func (s *Handler) doNotCallPage(w http.ResponseWriter, r *http.Request) {
	page := doNotCallPage{Page: s.Page(r, "dnc.title")}
	page.Form.Values = r.URL.Query()
	since, err := s.DoNotCallSince(r)
	if err != nil {
		page.WithError(err)
		s.Render(w, r, http.StatusUnprocessableEntity, "donotcall", page)
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		list, err := s.Store.DoNotCallList(r.Context(), since)
		if err == nil {
			err = s.WriteDoNotCallCSV(w, r, list)
		}
		if err != nil {
			s.ErrorPage(w, r, err)
		}
		return
	}
	if page.List, err = s.Store.DoNotCallList(r.Context(), since); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page.Export = kit.Link("/do-not-call", r.URL.Query(), "format", "csv")
	s.Render(w, r, http.StatusOK, "donotcall", page)
}
