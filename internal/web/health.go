package web

import (
	"net/http"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	s.WriteJSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz reports ready only when the database answers.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if err := s.Store.Ping(r.Context()); err != nil {
		s.Log.WarnContext(r.Context(), "not ready", "err", err)
		s.WriteJSON(w, r, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]string{"status": "ready"})
}
