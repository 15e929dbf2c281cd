package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// auditPageSize is how many entries a page of the log shows.
const auditPageSize = 100

// auditFilter reads the log's search from the query: object, actor,
// action, from and to (dates), before (the next page).
func auditFilter(r *http.Request) (store.AuditFilter, error) {
	q := r.URL.Query()
	f := store.AuditFilter{
		Object: strings.TrimSpace(q.Get("object")),
		Actor:  strings.TrimSpace(q.Get("actor")),
		Action: strings.TrimSpace(q.Get("action")),
	}
	var errs fault.Validation
	for _, d := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := strings.TrimSpace(q.Get(d.name)); v != "" {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				errs.Add(d.name, "err.date")
			}
			*d.dst = t
		}
	}
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			errs.Add("before", "err.number")
		}
		f.Before = n
	}
	for _, v := range []string{f.Object, f.Actor, f.Action} {
		if len(v) > 200 {
			errs.Add("object", "err.too_long", 200)
		}
	}
	return f, errs.Err()
}

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
func (s *Server) auditLogPage(w http.ResponseWriter, r *http.Request) {
	page := auditPage{Page: s.Page(r, "audit.title")}
	page.Form.Values = r.URL.Query()
	f, err := auditFilter(r)
	if err != nil {
		page.WithError(err)
		s.Render(w, r, http.StatusUnprocessableEntity, "audit", page)
		return
	}
	if page.Entries, err = s.Store.AuditLog(r.Context(), f, auditPageSize+1); err != nil {
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
	if len(page.Entries) > auditPageSize {
		page.Entries = page.Entries[:auditPageSize]
		page.Next = kit.Link("/audit", q, "before", strconv.FormatInt(page.Entries[auditPageSize-1].ID, 10))
	}
	s.Render(w, r, http.StatusOK, "audit", page)
}

// apiAudit answers the log's search as JSON (a page, with the id to ask
// before for the next) or, with format=csv, as a download of up to
// 100,000 entries. An export is itself recorded.
func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	f, err := auditFilter(r)
	if err == nil {
		_, err = kit.ReportFormat(r, report.FormatJSON, report.FormatCSV)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	limit := auditPageSize
	csvOut := r.URL.Query().Get("format") == "csv"
	if csvOut {
		limit = 100_000
	}
	entries, err := s.Store.AuditLog(r.Context(), f, limit)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if csvOut {
		var buf bytes.Buffer
		err := audit.WriteCSV(&buf, entries)
		if err == nil {
			err = s.Store.Audit(r.Context(), audit.Entry{At: s.Now(), Action: "audit.export", Detail: r.URL.RawQuery})
		}
		if err != nil {
			s.WriteProblem(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="audit-log.csv"`)
		w.Write(buf.Bytes())
		return
	}
	if entries == nil {
		entries = []audit.Entry{}
	}
	out := map[string]any{"items": entries}
	if len(entries) == limit {
		out["next_before"] = entries[len(entries)-1].ID
	}
	s.WriteJSON(w, r, http.StatusOK, out)
}
