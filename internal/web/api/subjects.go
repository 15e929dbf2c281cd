package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// apiSubject exports what the register holds about a person: JSON, or
// with format=pdf a PDF for the person in ?lang.
func (s *Handler) apiSubject(w http.ResponseWriter, r *http.Request) {
	q := kit.SubjectQuery(r.URL.Query())
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "pdf" {
		s.WriteProblem(w, r, fault.InvalidField("format", "err.format", "json, pdf"))
		return
	}
	recs, err := s.FindSubject(r.Context(), q)
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
func (s *Handler) apiEraseSubject(w http.ResponseWriter, r *http.Request) {
	var q store.SubjectQuery
	if _, err := kit.DecodeJSON(w, r, &q); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	n, err := s.Erase(r.Context(), q)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]int{"erased": n})
}

func (s *Handler) subjectExport(
	ctx context.Context,
	q store.SubjectQuery,
	recs store.SubjectRecords,
) (subjectExport, error) {
	out := subjectExport{
		Query:         q,
		ExportedAt:    s.Now(),
		Complaints:    []subjectComplaint{},
		Cancellations: []CancellationView{},
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
		out.Complaints = append(out.Complaints, subjectComplaint{ComplaintView: viewComplaint(c, s.Now()), Timeline: events})
	}
	for _, id := range recs.Cancellations {
		x, err := s.Store.Cancellation(ctx, id)
		if err != nil {
			return out, err
		}
		out.Cancellations = append(out.Cancellations, viewCancellation(x))
	}
	return out, s.App.Record(ctx, audit.Entry{At: s.Now(), Action: "privacy.export",
		Detail: fmt.Sprintf("%d complaints, %d cancellations", len(recs.Complaints), len(recs.Cancellations))})
}

// subjectPDF prints the export for the person, in lang.
func (s *Handler) subjectPDF(x subjectExport, b kit.Page) ([]byte, error) {
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
				{b.T("cancel.reason"), b.CancellationReason(c.Reason)}, {b.T("f.description"), c.ReasonText}}},
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

// subjectExport is what the register holds about a person.
type subjectExport struct {
	Query         store.SubjectQuery `json:"query"`
	ExportedAt    time.Time          `json:"exported_at"`
	Complaints    []subjectComplaint `json:"complaints"`
	Cancellations []CancellationView `json:"cancellations"`
	DoNotCall     []store.DoNotCall  `json:"do_not_call"` // kept at erasure: it honours the objection
}

type subjectComplaint struct {
	ComplaintView
	Timeline []complaint.Event `json:"timeline"`
}
