package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/store"

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
	Q          report.Quarter
	Eval       report.Evaluation
	Rec        report.Recurring
	Frozen     bool
	Signatures []store.Signature
	CanSign    bool
	Agenda     []store.AgendaItem
	Bars       []bar
	Rows       []report.Row
	Prev       report.Quarter
	Next       report.Quarter
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

// bar is one bar of the page's chart of complaints per quarter.
type bar struct {
	Label       string
	N           int
	X, Y, H, TY int
}

// evaluation returns a quarter's figures: the frozen snapshot once any
// reviewer signed (P7.1), else live figures.
func (s *Server) evaluation(r *http.Request, q report.Quarter) (report.Evaluation, bool, []store.Signature, error) {
	snap, sigs, err := s.store.Evaluation(r.Context(), q.String())
	if err != nil {
		return report.Evaluation{}, false, nil, err
	}
	if snap != nil {
		var ev report.Evaluation
		if err := json.Unmarshal(snap, &ev); err != nil {
			return ev, false, nil, fmt.Errorf("snapshot %s: %w", q, err)
		}
		return ev, true, sigs, nil
	}
	ev, err := report.Quarterly(r.Context(), s.store, q, s.Profile().Location())
	return ev, false, nil, err
}

func (s *Server) quarterlyPage(w http.ResponseWriter, r *http.Request) {
	s.renderQuarterly(w, r, http.StatusOK, nil)
}

func (s *Server) renderQuarterly(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	u, _ := userOf(r)
	q, err := s.quarterOf(r)
	page := quarterlyPage{basePage: s.base(r, "eval.title"), Q: q}
	if err != nil {
		page.withError(err)
		s.render(w, r, http.StatusUnprocessableEntity, "quarterly", page)
		return
	}
	ev, frozen, sigs, err := s.evaluation(r, q)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if page.Rec, err = report.FindRecurring(r.Context(), s.store, q, s.Profile().Location()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	// This quarter's agenda, and the last quarter's with its conclusions (P7.2).
	if page.Agenda, err = s.store.AgendaItems(r.Context(), q.Prev().String(), q.String()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	page.Eval, page.Rows, page.Prev, page.Frozen, page.Signatures = ev, ev.Rows(), q.Prev(), frozen, sigs
	page.CanSign = auth.Can(u.Role, auth.EvaluationSign)
	for _, g := range sigs {
		if g.Role == string(u.Role) {
			page.CanSign = false
		}
	}
	page.Next = report.Quarter{Year: q.Year, Q: q.Q + 1}
	if q.Q == 4 {
		page.Next = report.Quarter{Year: q.Year + 1, Q: 1}
	}
	maxN := 1
	for _, c := range ev.Columns {
		maxN = max(maxN, c.Received)
	}
	for i := len(ev.Columns) - 1; i >= 0; i-- { // oldest on the left
		c := ev.Columns[i]
		h := c.Received * 100 / maxN
		x := (len(ev.Columns) - 1 - i) * 70
		page.Bars = append(page.Bars, bar{Label: c.Quarter, N: c.Received, X: x + 10, Y: 120 - h, H: h, TY: 115 - h})
	}
	page.Title = page.T("eval.title") + " " + q.String()
	page.Form.Values = r.PostForm
	if formErr != nil && !page.withError(formErr) {
		s.errorPage(w, r, formErr)
		return
	}
	s.render(w, r, status, "quarterly", page)
}

// signQuarterly signs the evaluation as the reviewer the user's role
// makes them; the first signature freezes the figures.
func (s *Server) signQuarterly(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r, maxFormBody) {
		return
	}
	u, _ := userOf(r)
	r.URL.RawQuery = "year=" + r.PostForm.Get("year") + "&quarter=" + r.PostForm.Get("quarter")
	q, err := s.quarterOf(r)
	if err == nil {
		var ev report.Evaluation
		if ev, _, _, err = s.evaluation(r, q); err == nil {
			var snap []byte
			if snap, err = json.Marshal(ev); err == nil {
				err = s.store.SignEvaluation(r.Context(), q.String(), string(u.Role), u.ID, r.PostForm.Get("note"), snap, s.now())
			}
		}
	}
	if err != nil {
		s.renderQuarterly(w, r, statusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/reports/quarterly?"+r.URL.RawQuery+"&notice=signed", http.StatusSeeOther)
}

func (s *Server) addAgenda(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r, maxFormBody) {
		return
	}
	u, _ := userOf(r)
	r.URL.RawQuery = "year=" + r.PostForm.Get("year") + "&quarter=" + r.PostForm.Get("quarter")
	q, err := s.quarterOf(r)
	if err == nil {
		err = s.store.AddAgendaItem(r.Context(), q.String(), r.PostForm.Get("title"), u.ID, s.now())
	}
	if err != nil {
		s.renderQuarterly(w, r, statusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/reports/quarterly?"+r.URL.RawQuery+"&notice=on_agenda#agenda", http.StatusSeeOther)
}

func (s *Server) concludeAgenda(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r, maxFormBody) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	r.URL.RawQuery = "year=" + r.PostForm.Get("year") + "&quarter=" + r.PostForm.Get("quarter")
	if err == nil {
		err = s.store.ConcludeAgendaItem(r.Context(), id, r.PostForm.Get("conclusion"), s.now())
	} else {
		err = notFound
	}
	if err != nil {
		s.renderQuarterly(w, r, statusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/reports/quarterly?"+r.URL.RawQuery+"&notice=updated#agenda", http.StatusSeeOther)
}

// quarterlyPDF prints the evaluation as the page shows it.
func (s *Server) quarterlyPDF(w http.ResponseWriter, r *http.Request) {
	q, err := s.quarterOf(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	ev, _, sigs, err := s.evaluation(r, q)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	page := quarterlyPage{basePage: s.base(r, "eval.title")}
	var lines []report.SignatureLine
	for _, g := range sigs {
		lines = append(lines, report.SignatureLine{Who: g.UserName + " (" + page.Role(auth.Role(g.Role)) + ")", When: page.Time(g.SignedAt), Note: g.Note})
	}
	pdf, err := report.EvaluationPDF(ev, page.T("eval.title")+" "+q.String(), page.RowLabel, lines, page.T("signoff.title"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="evaluation-`+q.String()+`.pdf"`)
	w.Write(pdf)
}
