package api

import (
	"net/http"

	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// apiIntakeLog answers the log as JSON, a page at a time (ask before the
// last id for the next), with the counts by outcome.
func (s *Handler) apiIntakeLog(w http.ResponseWriter, r *http.Request) {
	outcome, before, err := kit.IntakeQuery(r)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	counts, err := s.Store.IntakeCounts(r.Context())
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	items, err := s.Store.IntakeLog(r.Context(), outcome, before, kit.IntakePageSize)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if items == nil {
		items = []store.IntakeEntry{}
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": items, "counts": counts})
}
