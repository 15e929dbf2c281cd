package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/store"
)

// Printed letters (P5.2, P5.5): the letters waiting in the outbox, and the
// action that prints them all as one PDF.

type lettersPage struct {
	basePage
	Letters []store.OutboxItem
}

func (s *Server) lettersPage(w http.ResponseWriter, r *http.Request) {
	letters, err := s.store.PendingLetters(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "letters", lettersPage{basePage: s.base(r, "letters.title"), Letters: letters})
}

// printLetters answers with one PDF of every waiting letter and marks them
// printed; with none waiting it goes back to the list.
func (s *Server) printLetters(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pending, err := s.store.PendingLetters(ctx)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if len(pending) == 0 {
		http.Redirect(w, r, "/letters", http.StatusSeeOther)
		return
	}
	now := s.now()
	letters := make([]notify.Letter, len(pending))
	for i, it := range pending {
		letters[i] = notify.Letter{Lang: it.Lang, Address: it.Address, Date: now.In(s.Profile().Location()),
			Reference: it.Reference, Subject: it.Subject, Body: it.Body}
	}
	pdf, err := notify.RenderLetters(s.letterhead(), letters)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := s.store.MarkPrinted(ctx, pending, now); err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().
		Set("Content-Disposition", fmt.Sprintf(`attachment; filename="letters-%s.pdf"`, now.In(s.Profile().Location()).Format("2006-01-02")))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(pdf)
}

// letterhead is the configured heading, or the organisation's name alone.
func (s *Server) letterhead() notify.Letterhead {
	h := s.head
	if strings.TrimSpace(h.Name) == "" {
		h.Name = s.Profile().Organisation
	}
	return h
}
