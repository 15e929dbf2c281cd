package web

import (
	"net/http"

	"github.com/klacht/klacht/internal/report"
)

// The quarterly evaluation (P7.1): were complaints handled well and on
// time, each figure beside the previous four quarters.

// quarterOf reads ?year=&quarter=, defaulting to the last full quarter.
func (s *Server) quarterOf(r *http.Request) (report.Quarter, error) {
	y, q := r.URL.Query().Get("year"), r.URL.Query().Get("quarter")
	if y == "" && q == "" {
		return report.Of(s.now(), s.Profile().Location()).Prev(), nil
	}
	return report.ParseQuarter(y, q)
}

func (s *Server) apiQuarterly(w http.ResponseWriter, r *http.Request) {
	q, err := s.quarterOf(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	ev, err := report.Quarterly(r.Context(), s.store, q, s.Profile().Location())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="evaluation-`+ev.Quarter+`.csv"`)
		if err := ev.WriteCSV(w); err != nil {
			s.log.WarnContext(r.Context(), "write csv", "err", err)
		}
		return
	}
	s.writeJSON(w, r, http.StatusOK, ev)
}

func (s *Server) apiRecurring(w http.ResponseWriter, r *http.Request) {
	q, err := s.quarterOf(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	rec, err := report.FindRecurring(r.Context(), s.store, q, s.Profile().Location())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, rec)
}

type quarterlyPage struct {
	basePage
	Q    report.Quarter
	Eval report.Evaluation
	Rec  report.Recurring
	Rows []report.Row
	Prev report.Quarter
	Next report.Quarter
}

// RowLabel names a figure of the evaluation in the page's language.
func (p quarterlyPage) RowLabel(key string) string {
	for _, prefix := range []string{"category.", "channel.", "department.", "concerns.", "told_via.", "appeal_outcome.", "cancellation_reason."} {
		if len(key) > len(prefix) && key[:len(prefix)] == prefix {
			k := key[len(prefix):]
			switch prefix {
			case "category.":
				return p.T("eval.by_category") + ": " + p.Category(k)
			case "channel.":
				return p.T("eval.by_channel") + ": " + p.Channel(k)
			case "department.":
				return p.T("eval.by_department") + ": " + p.Department(k)
			case "concerns.":
				return p.T("f.concerns") + ": " + p.FieldValue("concerns", k)
			case "told_via.":
				return p.T("handle.via") + ": " + p.T("handle.via."+k)
			case "appeal_outcome.":
				return p.T("appeals.decision") + ": " + p.T("decision."+k)
			default:
				return p.T("cancel.reason") + ": " + p.T("reason."+k)
			}
		}
	}
	return p.T("eval." + key)
}

func (s *Server) quarterlyPage(w http.ResponseWriter, r *http.Request) {
	q, err := s.quarterOf(r)
	page := quarterlyPage{basePage: s.base(r, "eval.title"), Q: q}
	if err != nil {
		page.withError(err)
		s.render(w, r, http.StatusUnprocessableEntity, "quarterly", page)
		return
	}
	ev, err := report.Quarterly(r.Context(), s.store, q, s.Profile().Location())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if page.Rec, err = report.FindRecurring(r.Context(), s.store, q, s.Profile().Location()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	page.Eval, page.Rows, page.Prev = ev, ev.Rows(), q.Prev()
	page.Next = report.Quarter{Year: q.Year, Q: q.Q + 1}
	if q.Q == 4 {
		page.Next = report.Quarter{Year: q.Year + 1, Q: 1}
	}
	page.Title = page.T("eval.title") + " " + q.String()
	s.render(w, r, http.StatusOK, "quarterly", page)
}
