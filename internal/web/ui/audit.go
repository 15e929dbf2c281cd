package ui

import (
	"net/http"
	"strconv"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/web/kit"
)

type auditPage struct {
	kit.Page
	Entries []audit.Entry
	visible map[string]bool // the complaints among the entries the reader may open
	Next    string          // the next page's address, when there is one
	Export  string          // the search as a CSV download
}

// RoleName names a role as the profile does.
func (p auditPage) RoleName(key string) string { return p.Profile().RoleLabel(key, p.Lang) }

// IsReference tells whether an entry's object is a complaint the reader
// may open, to link it.
func (p auditPage) IsReference(object string) bool { return p.visible[object] }

// auditLogPage lets the data protection officer search the log.
func (s *Handler) auditLogPage(w http.ResponseWriter, r *http.Request) {
	page := auditPage{Page: s.Page(r, "audit.title")}
	page.Form.Values = r.URL.Query()
	f, err := kit.AuditFilter(r)
	if err != nil {
		page.WithError(err)
		s.Render(w, r, http.StatusUnprocessableEntity, "audit", page)
		return
	}
	if page.Entries, err = s.Store.AuditLog(r.Context(), f, kit.AuditPageSize+1); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	var refs []string
	for _, en := range page.Entries {
		if complaint.LooksLikeReference(en.Object) {
			refs = append(refs, en.Object)
		}
	}
	if page.visible, err = s.Store.VisibleReferences(r.Context(), refs); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	q := r.URL.Query()
	q.Del("before")
	page.Export = kit.Link("/api/v1/audit", q, "format", "csv")
	if len(page.Entries) > kit.AuditPageSize {
		page.Entries = page.Entries[:kit.AuditPageSize]
		page.Next = kit.Link("/audit", q, "before", strconv.FormatInt(page.Entries[kit.AuditPageSize-1].ID, 10))
	}
	s.Render(w, r, http.StatusOK, "audit", page)
}
