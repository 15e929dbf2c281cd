package ui

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// The mail quarantine: mails that could not be read are kept raw, never
// dropped, and shown here until someone has dealt with them.

type quarantinePage struct {
	kit.Page
	Items []store.Quarantined
}

func (s *Handler) quarantinePage(w http.ResponseWriter, r *http.Request) {
	items, err := s.Store.QuarantineList(r.Context())
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "quarantine", quarantinePage{Page: s.Page(r, "quarantine.title"), Items: items})
}

// quarantineRaw offers the raw mail as a download (message/rfc822 would
// open in a mail program; as an attachment it opens nowhere by itself).
func (s *Handler) quarantineRaw(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.ErrorPage(w, r, kit.ErrNotFound)
		return
	}
	q, err := s.Store.QuarantinedMail(r.Context(), id)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="quarantine-%d.eml"`, q.ID))
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Write(q.Raw)
}

func (s *Handler) quarantineResolve(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.ErrorPage(w, r, kit.ErrNotFound)
		return
	}
	if err := s.App.ResolveQuarantine(r.Context(), id); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/mail/quarantine?notice=resolved", http.StatusSeeOther)
}
