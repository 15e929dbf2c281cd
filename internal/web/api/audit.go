package api

import (
	"bytes"
	"net/http"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/web/kit"
)

// apiAudit answers the log's search as JSON (a page, with the id to ask
// before for the next) or, with format=csv, as a download of up to
// 100,000 entries. An export is itself recorded.
func (s *Handler) apiAudit(w http.ResponseWriter, r *http.Request) {
	f, err := kit.AuditFilter(r)
	if err == nil {
		_, err = kit.ReportFormat(r, report.FormatJSON, report.FormatCSV)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	limit := kit.AuditPageSize
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
			err = s.App.Record(r.Context(), audit.Entry{At: s.Now(), Action: "audit.export", Detail: r.URL.RawQuery})
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
