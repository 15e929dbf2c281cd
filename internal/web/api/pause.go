package api

import (
	"net/http"

	"github.com/klacht/klacht/internal/web/kit"
)

func (s *Handler) apiPause(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Reason string `json:"reason"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	c, err := s.App.Pause(r.Context(), u, r.PathValue("reference"), in.Reason)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewComplaint(c, s.Now()))
}

func (s *Handler) apiResume(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	c, err := s.App.Resume(r.Context(), u, r.PathValue("reference"))
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewComplaint(c, s.Now()))
}
