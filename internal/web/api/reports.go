package api

import (
	"io"
	"net/http"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/web/kit"
)

func (s *Handler) apiQuarterly(w http.ResponseWriter, r *http.Request) {
	q, err := s.QuarterOf(r)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	f, err := kit.ReportFormat(r, quarterlyFormats...)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	page := s.Page(r, "eval.title")
	if v := r.URL.Query().Get("lang"); v != "" {
		l, ok := i18n.Parse(v)
		if !ok {
			s.WriteProblem(w, r, fault.InvalidField("lang", "err.language"))
			return
		}
		page.Lang = l
	}
	ev, _, sigs, err := s.Evaluation(r, q)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteReport(w, r, f, "evaluation-"+q.String(), ev, func(w io.Writer) error {
		return kit.WriteEvaluation(ev, f, page, s.SignatureLines(page, sigs), w)
	})
}

func (s *Handler) apiRecurring(w http.ResponseWriter, r *http.Request) {
	q, err := s.QuarterOf(r)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	rec, err := report.FindRecurring(r.Context(), s.Store, q, s.Profile().Location())
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, rec)
}

// quarterlyFormats are the ways the evaluation is written out.
var quarterlyFormats = []report.Format{
	report.FormatJSON,
	report.FormatCSV,
	report.FormatXLSX,
	report.FormatHTML,
	report.FormatPDF,
}
