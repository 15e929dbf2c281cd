package public

import (
	"net/http"
	"strings"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/web/kit"
)

// The complainant's copy: a PDF of the complaint as it was received, with
// what happens next and by when, to keep or print. It is reached through
// the status link, like the status page, and sent as a download.

// nextSteps writes what happens to a complaint after its receipt, in the
// order it happens; the confirmation page, the copy and the status page
// say the same.
func nextSteps(b kit.Page, c complaint.Complaint) []string {
	return []string{
		b.T("next_steps.route"),
		b.T("next_steps.answer", b.Date(c.DueAt), notify.AnswerWay(c.AnswerChannel(), string(b.Lang))),
		b.T("next_steps.delay"),
		b.T("next_steps.appeal"),
	}
}

// NextSteps is nextSteps for a page's template.
func (p statusPage) NextSteps() []string { return nextSteps(p.Page, p.C) }

func (s *Handler) statusCopy(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	c, err := s.statusComplaint(r)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	lang := statusLang(r, c)
	b := s.publicBase(r, lang, "copy.title", "")
	atts, err := s.Store.Attachments(r.Context(), c.ID)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	var body strings.Builder
	line := func(label, value string) {
		if value != "" {
			body.WriteString(label + ": " + value + "\n")
		}
	}
	p := c.Complainant
	line(b.T("status.received"), b.Time(c.ReceivedAt))
	line(b.T("copy.reference"), c.Reference)
	line(b.T("public.category"), b.Category(c.Category))
	line(b.T("f.name"), p.Name)
	line(b.T("f.email"), p.Email)
	line(b.T("f.phone"), p.Phone)
	line(
		b.T("f.address"),
		strings.TrimSpace(strings.Join([]string{p.Address, strings.TrimSpace(p.Postcode + " " + p.City)}, ", ")),
	)
	line(b.T("f.member_number"), p.MemberNumber)
	line(b.T("f.answer_by"), b.AnswerByLabel(c.AnswerChannel()))
	body.WriteString("\n" + b.T("public.description") + ":\n" + c.Description + "\n")
	var names []string
	for _, a := range atts {
		if a.Source == "form" || a.Source == "complainant" || a.Source == "email" {
			names = append(names, a.Filename)
		}
	}
	if len(names) > 0 {
		body.WriteString("\n" + b.T("f.attachments") + ": " + strings.Join(names, ", ") + "\n")
	}
	body.WriteString("\n" + b.T("next_steps.title") + "\n")
	for i, step := range nextSteps(b, c) {
		body.WriteString(string(rune('1'+i)) + ". " + step + "\n")
	}
	address := p.PostalAddress()
	if address == nil {
		address = []string{p.Name}
	}
	pdf, err := notify.RenderLetters(s.App.Letterhead(), []notify.Letter{{
		Lang: string(lang), Address: address, Date: c.ReceivedAt.In(b.Location()), Reference: c.Reference,
		Subject: b.T("copy.subject", c.Reference), Body: body.String(),
	}})
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+c.Reference+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	if _, err := w.Write(pdf); err != nil {
		s.Log.Info("copy of a complaint not delivered", "reference", c.Reference, "err", err)
	}
}
