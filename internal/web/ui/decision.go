package ui

import (
	"net/http"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// decisionFromForm records what came of the complaint (issue 19.4) from
// the complaint page's form.
func (s *Handler) decisionFromForm(r *http.Request, u auth.User, ref string) error {
	f := r.PostForm
	cents, ok := complaint.ParseAmount(f.Get("amount"))
	if !ok {
		return fault.InvalidField("amount", "err.amount")
	}
	_, err := s.App.RecordDecision(r.Context(), u, ref, complaint.Decision{
		Outcome: f.Get("outcome"), OutcomeReason: f.Get("outcome_reason"),
		RemedyAsked: f.Get("remedy_asked"), RemedyGiven: f.Get("remedy_given"), AmountCents: cents,
		Labels: f["labels"], Lesson: f.Get("lesson"),
	})
	return err
}
