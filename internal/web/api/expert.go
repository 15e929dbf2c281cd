package api

import (
	"net/http"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/web/kit"
)

func (s *Handler) apiAskExpert(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in app.ExpertInput
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	x, link, err := s.App.AskExpert(r.Context(), u, r.PathValue("reference"), in)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusCreated, map[string]any{"request": x, "link": link})
}

func (s *Handler) apiExperts(w http.ResponseWriter, r *http.Request) {
	c, err := s.Store.Complaint(r.Context(), r.PathValue("reference"))
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	list, err := s.Store.ExpertRequests(r.Context(), c.ID)
	writeItems(s, w, r, list, err)
}
