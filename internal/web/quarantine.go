package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/klacht/klacht/internal/store"
)

// The mail quarantine: mails that could not be read are kept raw, never
// dropped, and shown here until someone has dealt with them.

type quarantinePage struct {
	basePage
	Items []store.Quarantined
}

func (s *Server) quarantinePage(w http.ResponseWriter, r *http.Request) {
	items, err := s.store.QuarantineList(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "quarantine", quarantinePage{basePage: s.base(r, "quarantine.title"), Items: items})
}

// quarantineRaw offers the raw mail as a download (message/rfc822 would
// open in a mail program; as an attachment it opens nowhere by itself).
func (s *Server) quarantineRaw(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, notFound)
		return
	}
	q, err := s.store.QuarantinedMail(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="quarantine-%d.eml"`, q.ID))
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Write(q.Raw)
}

func (s *Server) quarantineResolve(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, notFound)
		return
	}
	if err := s.app.ResolveQuarantine(r.Context(), id); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/mail/quarantine?notice=resolved", http.StatusSeeOther)
}
