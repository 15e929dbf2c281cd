package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// A data subject's rights (AVG art. 15, 17, 20): the data protection
// officer finds everything the register holds about a person, exports it
// as JSON or PDF, and erases it (pseudonymised: the figures stay).

type subjectsPage struct {
	kit.Page
	Searched   bool
	Complaints []complaint.Complaint
	Cancels    []int64
	ExportJSON string // the person's data as JSON, for the search shown
	ExportPDF  string // and as PDF, in the page's language
	Erased     string
}

func (s *Handler) subjectsPage(w http.ResponseWriter, r *http.Request) {
	s.renderSubjects(w, r, http.StatusOK, r.URL.Query(), nil)
}

func (s *Handler) renderSubjects(w http.ResponseWriter, r *http.Request, status int, v url.Values, formErr error) {
	page := subjectsPage{Page: s.Page(r, "subjects.title")}
	page.Form.Values = v
	if formErr != nil && !page.WithError(formErr) {
		s.ErrorPage(w, r, formErr)
		return
	}
	q := kit.SubjectQuery(v)
	if q != (store.SubjectQuery{}) {
		recs, err := s.FindSubject(r.Context(), q)
		if err != nil {
			if !page.WithError(err) {
				s.ErrorPage(w, r, err)
				return
			}
			s.Render(w, r, kit.StatusOf[fault.CodeOf(err)], "subjects", page)
			return
		}
		page.Searched, page.Cancels = true, recs.Cancellations
		for _, ref := range recs.Complaints {
			c, err := s.Store.Complaint(store.Unscoped(r.Context()), ref)
			if err != nil {
				s.ErrorPage(w, r, err)
				return
			}
			page.Complaints = append(page.Complaints, c)
		}
		keep := url.Values{}
		for _, k := range []string{"email", "member_number", "name", "postcode", "address"} {
			if v.Get(k) != "" {
				keep.Set(k, v.Get(k))
			}
		}
		page.ExportJSON = kit.Link("/api/v1/subjects", keep, "format", "json")
		page.ExportPDF = kit.Link("/api/v1/subjects", keep, "format", "pdf", "lang", string(page.Lang))
	}
	if n := r.URL.Query().Get("erased"); n != "" {
		page.Notice = page.T("subjects.erased", n)
	}
	s.Render(w, r, status, "subjects", page)
}

// eraseSubject pseudonymises everything found for the query, once the
// officer has confirmed it.
func (s *Handler) eraseSubject(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	if r.PostForm.Get("confirm") != "yes" {
		s.renderSubjects(
			w,
			r,
			http.StatusUnprocessableEntity,
			r.PostForm,
			fault.InvalidField("confirm", "err.subjects.confirm"),
		)
		return
	}
	n, err := s.Erase(r.Context(), kit.SubjectQuery(r.PostForm))
	if err != nil {
		s.renderSubjects(w, r, kit.StatusOf[fault.CodeOf(err)], r.PostForm, err)
		return
	}
	http.Redirect(w, r, "/privacy/subjects?erased="+strconv.Itoa(n), http.StatusSeeOther)
}
