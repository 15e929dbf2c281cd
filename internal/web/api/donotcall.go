package api

import (
	"net/http"

	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// apiSetDoNotCall (POST) and apiLiftDoNotCall (DELETE) change a complaint's flag.
func (s *Handler) apiSetDoNotCall(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	d, err := s.App.SetDoNotCall(r.Context(), u, r.PathValue("reference"))
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusCreated, d)
}

func (s *Handler) apiLiftDoNotCall(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	if err := s.App.LiftDoNotCall(r.Context(), u, r.PathValue("reference")); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Handler) apiDoNotCall(w http.ResponseWriter, r *http.Request) {
	since, err := s.DoNotCallSince(r)
	if err == nil {
		_, err = kit.ReportFormat(r, report.FormatJSON, report.FormatCSV)
	}
	var list []store.DoNotCall
	if err == nil {
		list, err = s.Store.DoNotCallList(r.Context(), since)
	}
	if err == nil && r.URL.Query().Get("format") == "csv" {
		err = s.WriteDoNotCallCSV(w, r, list)
		if err == nil {
			return
		}
	}
	writeItems(s, w, r, list, err)
}
