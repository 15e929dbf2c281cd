package kit

import (
	"bytes"
	"io"
	"net/http"
	"strings"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/report"
)

// ReportFormat reads ?format=, defaulting to the first allowed.
func ReportFormat(r *http.Request, allowed ...report.Format) (report.Format, error) {
	v := r.URL.Query().Get("format")
	if v == "" {
		return allowed[0], nil
	}
	f, err := report.ParseFormat(v, allowed...)
	if err != nil {
		names := make([]string, len(allowed))
		for i, a := range allowed {
			names[i] = string(a)
		}
		return f, fault.InvalidField("format", "err.format", strings.Join(names, ", "))
	}
	return f, nil
}

// WriteReport sends a report in format f; files other than JSON come as
// downloads named name.
func (s *Core) WriteReport(
	w http.ResponseWriter,
	r *http.Request,
	f report.Format,
	name string,
	v any,
	write func(io.Writer) error,
) {
	if f == report.FormatJSON {
		s.WriteJSON(w, r, http.StatusOK, v)
		return
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType())
	if f != report.FormatHTML {
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+string(f)+`"`)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		s.Log.WarnContext(r.Context(), "write report", "err", err)
	}
}
