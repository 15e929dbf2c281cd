package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// A data subject's rights (AVG art. 15, 17, 20): the data protection
// officer finds everything the register holds about a person, exports it
// as JSON or PDF, and erases it (pseudonymised: the figures stay).

func subjectQuery(v url.Values) store.SubjectQuery {
	return store.SubjectQuery{Email: v.Get("email"), MemberNumber: v.Get("member_number"), Name: v.Get("name"),
		Postcode: v.Get("postcode"), Address: v.Get("address")}
}

// subjectExport is what the register holds about a person.
type subjectExport struct {
	Query         store.SubjectQuery `json:"query"`
	ExportedAt    time.Time          `json:"exported_at"`
	Complaints    []subjectComplaint `json:"complaints"`
	Cancellations []cancellationView `json:"cancellations"`
	DoNotCall     []store.DoNotCall  `json:"do_not_call"` // kept at erasure: it honours the objection
}

type subjectComplaint struct {
	complaintView
	Timeline []complaint.Event `json:"timeline"`
}

// findSubject finds a person's records, recording the search (not what
// was searched for: that is personal data itself).
func (s *Server) findSubject(ctx context.Context, q store.SubjectQuery) (store.SubjectRecords, error) {
	recs, err := s.Store.FindSubject(store.Unscoped(ctx), q)
	if err != nil {
		return recs, err
	}
	err = s.Store.Audit(ctx, audit.Entry{At: s.Now(), Action: "privacy.search",
		Detail: fmt.Sprintf("%d complaints, %d cancellations", len(recs.Complaints), len(recs.Cancellations))})
	return recs, err
}

func (s *Server) subjectExport(
	ctx context.Context,
	q store.SubjectQuery,
	recs store.SubjectRecords,
) (subjectExport, error) {
	out := subjectExport{
		Query:         q,
		ExportedAt:    s.Now(),
		Complaints:    []subjectComplaint{},
		Cancellations: []cancellationView{},
	}
	ctx = store.Unscoped(ctx) // the person is owed all of it (AVG art. 15)
	dnc, err := s.Store.SubjectDoNotCall(ctx, q)
	if err != nil {
		return out, err
	}
	out.DoNotCall = append([]store.DoNotCall{}, dnc...)
	for _, ref := range recs.Complaints {
		c, err := s.Store.Complaint(ctx, ref)
		if err != nil {
			return out, err
		}
		events, err := s.Store.Timeline(ctx, c.ID)
		if err != nil {
			return out, err
		}
		out.Complaints = append(out.Complaints, subjectComplaint{complaintView: viewComplaint(c, s.Now()), Timeline: events})
	}
	for _, id := range recs.Cancellations {
		x, err := s.Store.Cancellation(ctx, id)
		if err != nil {
			return out, err
		}
		out.Cancellations = append(out.Cancellations, viewCancellation(x))
	}
	return out, s.Store.Audit(ctx, audit.Entry{At: s.Now(), Action: "privacy.export",
		Detail: fmt.Sprintf("%d complaints, %d cancellations", len(recs.Complaints), len(recs.Cancellations))})
}

// subjectPDF prints the export for the person, in lang.
func (s *Server) subjectPDF(x subjectExport, b kit.Page) ([]byte, error) {
	var sections []notify.Section
	for _, c := range x.Complaints {
		p := c.Complainant
		lines := [][2]string{
			{
				b.T("f.received_at"),
				b.Time(c.ReceivedAt),
			}, {b.T("f.category"), b.Category(c.Category)}, {b.T("f.channel"), b.Channel(c.Channel)},
			{b.T("f.status"), b.T("status." + string(c.Status))},
			{
				b.T("f.name"),
				p.Name,
			}, {b.T("f.member_number"), p.MemberNumber}, {b.T("f.address"), p.Address + ", " + p.Postcode + " " + p.City},
			{b.T("f.email"), p.Email}, {b.T("f.phone"), p.Phone}, {b.T("f.description"), c.Description},
		}
		for _, e := range c.Timeline {
			lines = append(lines, [2]string{"", b.Time(e.At) + " — " + b.T("event."+string(e.Kind))})
		}
		sections = append(sections, notify.Section{Heading: b.T("subjects.complaint") + " " + c.Reference, Lines: lines})
	}
	for _, c := range x.Cancellations {
		sections = append(
			sections,
			notify.Section{Heading: b.T("subjects.cancellation") + " " + c.CancelledOn, Lines: [][2]string{
				{b.T("f.name"), c.Name}, {b.T("f.member_number"), c.MemberNumber}, {b.T("f.email"), c.Email},
				{b.T("cancel.reason"), b.T("reason." + c.Reason)}, {b.T("f.description"), c.ReasonText}}},
		)
	}
	for _, d := range x.DoNotCall {
		lines := [][2]string{{b.T("f.name"), d.Name}, {b.T("f.member_number"), d.MemberNumber}, {b.T("f.phone"), d.Phone},
			{b.T("dnc.since"), b.Date(d.SetAt)}, {b.T("f.reference"), d.Reference}}
		if !d.Active() {
			lines = append(lines, [2]string{b.T("subjects.dnc_lifted"), b.Date(d.LiftedAt)})
		}
		sections = append(sections, notify.Section{Heading: b.T("dnc.title"), Lines: lines})
	}
	if len(sections) == 0 {
		sections = []notify.Section{{Heading: b.T("subjects.none")}}
	}
	return notify.DocumentPDF(
		b.T("subjects.export_title"),
		b.T("subjects.export_subtitle", s.Profile().Organisation, b.Time(x.ExportedAt)),
		sections,
	)
}

type subjectsPage struct {
	kit.Page
	Searched   bool
	Complaints []complaint.Complaint
	Cancels    []int64
	ExportJSON string // the person's data as JSON, for the search shown
	ExportPDF  string // and as PDF, in the page's language
	Erased     string
}

func (s *Server) subjectsPage(w http.ResponseWriter, r *http.Request) {
	s.renderSubjects(w, r, http.StatusOK, r.URL.Query(), nil)
}

func (s *Server) renderSubjects(w http.ResponseWriter, r *http.Request, status int, v url.Values, formErr error) {
	page := subjectsPage{Page: s.Page(r, "subjects.title")}
	page.Form.Values = v
	if formErr != nil && !page.WithError(formErr) {
		s.ErrorPage(w, r, formErr)
		return
	}
	q := subjectQuery(v)
	if q != (store.SubjectQuery{}) {
		recs, err := s.findSubject(r.Context(), q)
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
func (s *Server) eraseSubject(w http.ResponseWriter, r *http.Request) {
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
	n, err := s.erase(r.Context(), subjectQuery(r.PostForm))
	if err != nil {
		s.renderSubjects(w, r, kit.StatusOf[fault.CodeOf(err)], r.PostForm, err)
		return
	}
	http.Redirect(w, r, "/privacy/subjects?erased="+strconv.Itoa(n), http.StatusSeeOther)
}

func (s *Server) erase(ctx context.Context, q store.SubjectQuery) (int, error) {
	recs, err := s.findSubject(ctx, q)
	if err != nil {
		return 0, err
	}
	if err := s.App.EraseSubject(ctx, recs); err != nil {
		return 0, err
	}
	return len(recs.Complaints) + len(recs.Cancellations), nil
}

// apiSubject exports what the register holds about a person: JSON, or
// with format=pdf a PDF for the person in ?lang.
func (s *Server) apiSubject(w http.ResponseWriter, r *http.Request) {
	q := subjectQuery(r.URL.Query())
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "pdf" {
		s.WriteProblem(w, r, fault.InvalidField("format", "err.format", "json, pdf"))
		return
	}
	recs, err := s.findSubject(r.Context(), q)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	x, err := s.subjectExport(r.Context(), q, recs)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if format != "pdf" {
		w.Header().Set("Content-Disposition", `attachment; filename="subject-export.json"`)
		s.WriteJSON(w, r, http.StatusOK, x)
		return
	}
	b := s.Page(r, "subjects.title")
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		b.Lang = l
	}
	pdf, err := s.subjectPDF(x, b)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="subject-export.pdf"`)
	w.Write(pdf)
}

// apiEraseSubject pseudonymises everything found for the query in the body.
func (s *Server) apiEraseSubject(w http.ResponseWriter, r *http.Request) {
	var q store.SubjectQuery
	if _, err := kit.DecodeJSON(w, r, &q); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	n, err := s.erase(r.Context(), q)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]int{"erased": n})
}
