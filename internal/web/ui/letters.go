package ui

import (
	"fmt"
	"net/http"

	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// Printed letters (P5.2, P5.5): the letters waiting in the outbox, and the
// action that prints them all as one PDF.

type lettersPage struct {
	kit.Page
	Letters []store.OutboxItem
}

func (s *Handler) lettersPage(w http.ResponseWriter, r *http.Request) {
	letters, err := s.Store.PendingLetters(r.Context())
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "letters", lettersPage{Page: s.Page(r, "letters.title"), Letters: letters})
}

// printLetters answers with one PDF of every waiting letter and marks them
// printed; with none waiting it goes back to the list.
func (s *Handler) printLetters(w http.ResponseWriter, r *http.Request) {
	pdf, n, at, err := s.App.PrintLetters(r.Context())
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if n == 0 {
		http.Redirect(w, r, "/letters", http.StatusSeeOther)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="letters-%s.pdf"`, at.Format("2006-01-02")))
	w.Header().Set("Cache-Control", "no-store")
	if _, err := w.Write(pdf); err != nil {
		s.Log.InfoContext(r.Context(), "letters not delivered", "letters", n, "err", err)
	}
}
