package ui

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"

	"github.com/klacht/klacht/internal/report"
)

// The quarterly evaluation (P7.1): were complaints handled well and on
// time, each figure beside the previous four quarters.

type quarterlyPage struct {
	kit.Page
	Q          report.Quarter
	Eval       report.Evaluation
	Rec        report.Recurring
	Frozen     bool
	Signatures []store.Signature
	CanSign    bool
	Running    string // the end of a quarter still running (no signing before it), shown as a date
	Agenda     []store.AgendaItem
	Bars       []report.Bar
	Rows       []report.Row
	Prev       report.Quarter
	Next       report.Quarter
	// Where the profile records decisions: the measures whose
	// term ends in the quarter or that were done in it, and its lessons.
	Decisions bool
	Measures  []complaint.Measure
	Lessons   []store.Lesson
}

// MeasureCounts says how many of the quarter's measures were due, are
// late and were done.
type MeasureCounts struct{ Due, Late, Done int }

// MeasureCounts counts the quarter's measures.
func (p quarterlyPage) MeasureCounts() MeasureCounts {
	var due, late, done int
	_, end := p.Q.Bounds(p.Location())
	for _, m := range p.Measures {
		if !m.DueAt.Before(end) {
			if m.Done() {
				done++
			}
			continue // done in the quarter, due after it
		}
		due++
		if m.Late(p.Now()) {
			late++
		}
		if m.Done() {
			done++
		}
	}
	return MeasureCounts{due, late, done}
}

// MeasureLate reports whether m is past its term undone, or was done late.
func (p quarterlyPage) MeasureLate(m complaint.Measure) bool { return m.Late(p.Now()) }

// Short cuts a text to a line for the agenda.
func (p quarterlyPage) Short(s string) string {
	if r := []rune(s); len(r) > 120 {
		return string(r[:119]) + "…"
	}
	return s
}

// RowLabel names a figure of the evaluation in the page's language.
func (p quarterlyPage) RowLabel(key string) string {
	return report.FigureLabel(p.Profile(), p.Lang, key)
}

func (s *Handler) quarterlyPage(w http.ResponseWriter, r *http.Request) {
	s.renderQuarterly(w, r, http.StatusOK, nil)
}

func (s *Handler) renderQuarterly(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	u, _ := kit.UserOf(r)
	q, err := s.QuarterOf(r)
	page := quarterlyPage{Page: s.Page(r, "eval.title"), Q: q}
	if err != nil {
		page.WithError(err)
		s.Render(w, r, http.StatusUnprocessableEntity, "quarterly", page)
		return
	}
	ev, frozen, sigs, rec, err := report.LoadWithRecurring(r.Context(), s.Store, q, s.Profile().Location(), s.Now())
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page.Rec = rec
	// This quarter's agenda, and the last quarter's with its conclusions (P7.2).
	if page.Agenda, err = s.Store.AgendaItems(r.Context(), q.Prev().String(), q.String()); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page.Eval, page.Rows, page.Prev, page.Frozen, page.Signatures = ev, ev.Rows(), q.Prev(), frozen, sigs
	page.CanSign = auth.Can(u.Role, auth.EvaluationSign)
	for _, g := range sigs {
		if g.Role == string(u.Role) {
			page.CanSign = false
		}
	}
	if loc := s.Profile().Location(); !q.Ended(s.Now(), loc) {
		_, end := q.Bounds(loc)
		page.Running = page.Date(end.AddDate(0, 0, -1))
	}
	page.Next = report.Quarter{Year: q.Year, Q: q.Q + 1}
	if q.Q == 4 {
		page.Next = report.Quarter{Year: q.Year + 1, Q: 1}
	}
	if page.Decisions = s.Profile().Decisions; page.Decisions {
		from, to := q.Bounds(s.Profile().Location())
		if page.Measures, err = s.Store.MeasuresBetween(r.Context(), from, to); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		if page.Lessons, err = s.Store.Lessons(r.Context(), from, to); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
	}
	page.Bars = ev.ReceivedBars()
	page.Title = page.T("eval.title") + " " + q.String()
	page.Form.Values = r.PostForm
	if formErr != nil && !page.WithError(formErr) {
		s.ErrorPage(w, r, formErr)
		return
	}
	s.Render(w, r, status, "quarterly", page)
}

// signQuarterly signs the evaluation as the reviewer the user's role
// makes them; the first signature freezes the figures.
func (s *Handler) signQuarterly(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxFormBody) {
		return
	}
	u, _ := kit.UserOf(r)
	r.URL.RawQuery = url.Values{"year": {r.PostForm.Get("year")}, "quarter": {r.PostForm.Get("quarter")}}.Encode()
	q, err := s.QuarterOf(r)
	if loc := s.Profile().Location(); err == nil && !q.Ended(s.Now(), loc) {
		// Signing freezes the figures: not while complaints can still come in.
		_, end := q.Bounds(loc)
		err = fault.New(fault.Conflict, "err.sign.running", q.String(), kit.DateText(s.LangOf(r), loc, end.AddDate(0, 0, -1)))
	}
	if err == nil {
		var ev report.Evaluation
		if ev, _, _, err = s.Evaluation(r, q); err == nil {
			var snap []byte
			if snap, err = json.Marshal(ev); err == nil {
				err = s.App.SignEvaluation(r.Context(), u, q.String(), r.PostForm.Get("note"), snap)
			}
		}
	}
	if err != nil {
		s.renderQuarterly(w, r, kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/reports/quarterly?"+r.URL.RawQuery+"&notice=signed", http.StatusSeeOther)
}

func (s *Handler) addAgenda(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxFormBody) {
		return
	}
	u, _ := kit.UserOf(r)
	r.URL.RawQuery = url.Values{"year": {r.PostForm.Get("year")}, "quarter": {r.PostForm.Get("quarter")}}.Encode()
	q, err := s.QuarterOf(r)
	if err == nil {
		err = s.App.AddAgendaItem(r.Context(), u, q.String(), r.PostForm.Get("title"))
	}
	if err != nil {
		s.renderQuarterly(w, r, kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/reports/quarterly?"+r.URL.RawQuery+"&notice=on_agenda#agenda", http.StatusSeeOther)
}

func (s *Handler) concludeAgenda(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxFormBody) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	r.URL.RawQuery = url.Values{"year": {r.PostForm.Get("year")}, "quarter": {r.PostForm.Get("quarter")}}.Encode()
	if err == nil {
		err = s.App.ConcludeAgendaItem(r.Context(), id, r.PostForm.Get("conclusion"))
	} else {
		err = kit.ErrNotFound
	}
	if err != nil {
		s.renderQuarterly(w, r, kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/reports/quarterly?"+r.URL.RawQuery+"&notice=updated#agenda", http.StatusSeeOther)
}

// quarterlyPDF prints the evaluation as the page shows it.
func (s *Handler) quarterlyPDF(w http.ResponseWriter, r *http.Request) {
	q, err := s.QuarterOf(r)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	ev, _, sigs, err := s.Evaluation(r, q)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page := quarterlyPage{Page: s.Page(r, "eval.title")}
	var buf bytes.Buffer
	if err := kit.WriteEvaluation(ev, report.FormatPDF, page.Page, s.SignatureLines(page.Page, sigs), &buf); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="evaluation-`+q.String()+`.pdf"`)
	w.Write(buf.Bytes())
}
