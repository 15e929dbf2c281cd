package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strconv"

	"github.com/klacht/klacht/internal/i18n"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Templates are the report's HTML pieces; the staff UI uses "chart" too.
var Templates = template.Must(template.ParseFS(templateFiles, "templates/*.html"))

// ChartData is what the "chart" template draws.
type ChartData struct {
	Title     string
	Bars      []Bar
	Width     int // of a bar
	LabelSize int
}

type document struct {
	Lang, Title, Footer string
	Evaluation          *evaluationDoc
	Annual              *annualDoc
}

type evaluationDoc struct {
	Chart      ChartData
	Table      [][]string
	Signatures []SignatureLine
	SignTitle  string
}

type annualDoc struct {
	Paragraphs []string
	Chart      ChartData
	Table      [][]string
}

// WriteHTML writes the evaluation as a document that stands on its own:
// the chart, the table of figures and the sign-offs.
func (ev Evaluation) WriteHTML(
	w io.Writer,
	lang i18n.Lang,
	title string,
	label func(string) string,
	sigs []SignatureLine,
) error {
	doc := document{Lang: string(lang), Title: title, Footer: i18n.T(lang, "eval.intro"), Evaluation: &evaluationDoc{
		Chart:      ChartData{Title: i18n.T(lang, "eval.chart"), Bars: ev.ReceivedBars(), Width: 50, LabelSize: 10},
		Table:      Display(ev.Table(lang, label), lang),
		Signatures: sigs, SignTitle: i18n.T(lang, "signoff.title"),
	}}
	if err := Templates.ExecuteTemplate(w, "document", doc); err != nil {
		return fmt.Errorf("evaluation html: %w", err)
	}
	return nil
}

// WriteHTML writes the summary as a document that stands on its own.
func (a Annual) WriteHTML(w io.Writer) error {
	l := i18n.Lang(a.Lang)
	bars := a.CategoryBars()
	width := 50
	if len(bars) > 5 {
		width = 350/len(bars) - 8
	}
	doc := document{Lang: a.Lang, Title: i18n.T(l, "annual.title") + " " + strconv.Itoa(a.Year), Annual: &annualDoc{
		Paragraphs: a.Paragraphs,
		Chart:      ChartData{Title: i18n.T(l, "annual.chart"), Bars: bars, Width: width, LabelSize: 8},
		Table:      Display(a.Table(), l),
	}}
	if err := Templates.ExecuteTemplate(w, "document", doc); err != nil {
		return fmt.Errorf("annual html: %w", err)
	}
	return nil
}
