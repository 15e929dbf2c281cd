package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// The intake log (P3.3): every mail read from the mailbox and what became
// of it, so staff can answer "where did my mail go?" for every mail.

const intakePageSize = 100

type intakePage struct {
	kit.Page
	Entries  []store.IntakeEntry
	Counts   map[string]int
	Outcomes []string
	Outcome  string
	Next     string // the next page's address, built whole
}

// intakeQuery reads the log's filters: outcome and the id to page before.
func intakeQuery(r *http.Request) (outcome string, before int64, err error) {
	q := r.URL.Query()
	outcome = q.Get("outcome")
	if outcome != "" && !slices.Contains(store.IntakeOutcomes, outcome) {
		return "", 0, fault.InvalidField("outcome", "err.intake.outcome")
	}
	if v := q.Get("before"); v != "" {
		if before, err = strconv.ParseInt(v, 10, 64); err != nil || before < 1 {
			return "", 0, fault.InvalidField("before", "err.intake.before")
		}
	}
	return outcome, before, nil
}

func (s *Server) intakeLogPage(w http.ResponseWriter, r *http.Request) {
	page := intakePage{Page: s.Page(r, "intake.title"), Outcomes: store.IntakeOutcomes}
	outcome, before, err := intakeQuery(r)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page.Outcome = outcome
	if page.Counts, err = s.Store.IntakeCounts(r.Context()); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if page.Entries, err = s.Store.IntakeLog(r.Context(), outcome, before, intakePageSize+1); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if len(page.Entries) > intakePageSize {
		page.Entries = page.Entries[:intakePageSize]
		q := url.Values{}
		if outcome != "" {
			q.Set("outcome", outcome)
		}
		page.Next = kit.Link("/mail/intake", q, "before", strconv.FormatInt(page.Entries[intakePageSize-1].ID, 10))
	}
	s.Render(w, r, http.StatusOK, "mail_intake", page)
}

// apiIntakeLog answers the log as JSON, a page at a time (ask before the
// last id for the next), with the counts by outcome.
func (s *Server) apiIntakeLog(w http.ResponseWriter, r *http.Request) {
	outcome, before, err := intakeQuery(r)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	counts, err := s.Store.IntakeCounts(r.Context())
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	items, err := s.Store.IntakeLog(r.Context(), outcome, before, intakePageSize)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if items == nil {
		items = []store.IntakeEntry{}
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": items, "counts": counts})
}
