package api

import (
	"net/http"

	"github.com/klacht/klacht/internal/web/kit"
)

func (s *Handler) apiDuplicates(w http.ResponseWriter, r *http.Request) {
	c, err := s.Store.Complaint(r.Context(), r.PathValue("reference"))
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	d, err := s.Duplicates(r.Context(), c)
	writeItems(s, w, r, d, err)
}

func (s *Handler) apiMerge(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		References []string `json:"references"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	c, err := s.App.Merge(r.Context(), u, r.PathValue("reference"), in.References)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewComplaint(c, s.Now()))
}
