package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// The intake log (P3.3): every mail read from the mailbox and what became
// of it, so staff can answer "where did my mail go?" for every mail.

type intakePage struct {
	kit.Page
	Entries  []store.IntakeEntry
	Counts   map[string]int
	Outcomes []string
	Outcome  string
	Next     string // the next page's address, built whole
}

func (s *Handler) intakeLogPage(w http.ResponseWriter, r *http.Request) {
	page := intakePage{Page: s.Page(r, "intake.title"), Outcomes: store.IntakeOutcomes}
	outcome, before, err := kit.IntakeQuery(r)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page.Outcome = outcome
	if page.Counts, err = s.Store.IntakeCounts(r.Context()); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if page.Entries, err = s.Store.IntakeLog(r.Context(), outcome, before, kit.IntakePageSize+1); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if len(page.Entries) > kit.IntakePageSize {
		page.Entries = page.Entries[:kit.IntakePageSize]
		q := url.Values{}
		if outcome != "" {
			q.Set("outcome", outcome)
		}
		page.Next = kit.Link("/mail/intake", q, "before", strconv.FormatInt(page.Entries[kit.IntakePageSize-1].ID, 10))
	}
	s.Render(w, r, http.StatusOK, "mail_intake", page)
}
