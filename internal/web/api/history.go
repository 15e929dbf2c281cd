package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/history"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/web/kit"
)

// apiImportHistory brings the old register in: the body is
// the CSV or XLSX file; ?source= names the register, ?map= maps columns,
// ?dry_run=true checks only, ?good_rows=true imports the good rows when
// some are refused. A refused import answers 422 with the report.
func (s *Handler) apiImportHistory(w http.ResponseWriter, r *http.Request) {
	if !kit.Spreadsheet(r) {
		s.WriteProblem(w, r, fault.New(fault.Unsupported, "err.media_type.csv"))
		return
	}
	q := r.URL.Query()
	in := app.HistoryImport{Source: q.Get("source"), GoodRows: q.Get("good_rows") == "true",
		DryRun: q.Get("dry_run") == "true", Lang: i18n.EN}
	if in.Source == "" {
		in.Source = "register"
	}
	if m := strings.TrimSpace(q.Get("map")); m != "" {
		mapping, err := history.ParseMapping(m)
		if err != nil {
			s.WriteProblem(w, r, fault.InvalidField("map", "err.import.mapping", strings.Join(history.Fields, ", ")))
			return
		}
		in.Mapping = mapping
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, kit.MaxCSVBody))
	if err != nil {
		s.WriteProblem(w, r, fault.New(fault.TooLarge, "err.too_large", kit.MaxCSVBody))
		return
	}
	u, _ := kit.UserOf(r)
	rep, err := s.App.ImportHistory(r.Context(), u, data, in)
	if err != nil && rep.Rows == 0 {
		s.WriteProblem(w, r, err)
		return
	}
	if rep.Errors == nil {
		rep.Errors = []history.RowError{}
	}
	if err != nil {
		// The problem, and the report of every row refused.
		p := kit.ProblemOf(r, err, i18n.EN, s.Log)
		w.Header().Set("Content-Type", "application/problem+json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(p.Status)
		if err := json.NewEncoder(w).Encode(struct {
			kit.Problem
			Report history.Report `json:"report"`
		}{p, rep}); err != nil {
			s.Log.WarnContext(r.Context(), "write problem", "err", err)
		}
		return
	}
	s.WriteJSON(w, r, http.StatusOK, rep)
}
