package api

import (
	"net/http"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/web/kit"
)

// What came of a complaint (issue 19.4): its outcome, remedy, labels and
// lesson, where the profile records them.

func (s *Handler) apiDecision(w http.ResponseWriter, r *http.Request) {
	c, err := s.ReadComplaint(r, "api decision")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	d, err := s.App.Decision(r.Context(), c)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, d)
}

func (s *Handler) apiSetDecision(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in complaint.Decision
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	d, err := s.App.RecordDecision(r.Context(), u, r.PathValue("reference"), in)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, d)
}
