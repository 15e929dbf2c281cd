package ui

import (
	"net/http"
	"time"

	"github.com/klacht/klacht/internal/call"
	"github.com/klacht/klacht/internal/web/kit"
)

// The caller log (P3.1): the day's calls as the telephony system reports
// them, who is calling when the number names them, and one click to
// register a call as a complaint. The page refreshes itself while open.

type callsPage struct {
	kit.Page
	Calls []call.Call
}

// RegisterURL opens the register form for c, pre-filled.
func (callsPage) RegisterURL(c call.Call) string { return kit.RegisterCallURL(c) }

func (s *Handler) callsPage(w http.ResponseWriter, r *http.Request) {
	cs, err := s.Store.CallLog(r.Context(), s.Now().Add(-24*time.Hour), 200)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "calls", callsPage{Page: s.Page(r, "calls.title"), Calls: cs})
}
