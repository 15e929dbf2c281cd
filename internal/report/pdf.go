package report

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/klacht/klacht/internal/i18n"

	"github.com/klacht/klacht/internal/notify"
)

// SignatureLine is a reviewer's sign-off as printed.
type SignatureLine struct{ Who, When, Note string }

// EvaluationPDF prints the evaluation: title, a figure per line with the
// quarter and the four before it, and the sign-offs. label names a figure
// in the reader's language.
func EvaluationPDF(
	ev Evaluation,
	title string,
	label func(string) string,
	sigs []SignatureLine,
	sigTitle string,
) ([]byte, error) {
	pdf := notify.NewPDF()
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	pdf.AddPage()
	pdf.SetFont("dejavu", "B", 14)
	pdf.CellFormat(0, 8, title, "", 1, "L", false, 0, "")
	pdf.Ln(2)
	colW, labelW := 22.0, 180.0-5*22.0
	const lineH = 4.5
	_, pageH := pdf.GetPageSize()
	_, _, _, bottom := pdf.GetMargins()
	header := func() {
		pdf.SetFont("dejavu", "B", 8.5)
		pdf.CellFormat(labelW, 6, "", "B", 0, "L", false, 0, "")
		for _, c := range ev.Columns {
			pdf.CellFormat(colW, 6, c.Quarter, "B", 0, "R", false, 0, "")
		}
		pdf.Ln(-1)
	}
	header()
	for _, r := range ev.Rows() {
		// A long label wraps onto more lines at the same size, so it stays
		// readable; the figures stand on its first line.
		pdf.SetFont("dejavu", "", 8.5)
		lines := pdf.SplitText(label(r.Key), labelW-2)
		if len(lines) == 0 {
			lines = []string{""}
		}
		rowH := lineH * float64(len(lines))
		if pdf.GetY()+rowH > pageH-bottom {
			pdf.AddPage()
			header()
		}
		x, y := pdf.GetX(), pdf.GetY()
		for _, l := range lines {
			pdf.SetX(x)
			pdf.CellFormat(labelW, lineH, l, "", 2, "L", false, 0, "")
		}
		pdf.SetXY(x+labelW, y)
		for i, v := range r.Values {
			if i == 0 {
				pdf.SetFont("dejavu", "B", 8.5)
			} else {
				pdf.SetFont("dejavu", "", 8.5)
			}
			pdf.CellFormat(colW, lineH, v, "", 0, "R", false, 0, "")
		}
		pdf.SetXY(x, y+rowH+0.5)
	}
	if len(sigs) > 0 {
		// The sign-offs stay together: on a new page if they do not fit.
		pdf.SetFont("dejavu", "", 9.5)
		need := 4 + 7.0
		for _, s := range sigs {
			need += 5 * float64(len(pdf.SplitText(signatureText(s), 180)))
		}
		if pdf.GetY()+need > pageH-bottom {
			pdf.AddPage()
		}
		pdf.Ln(4)
		pdf.SetFont("dejavu", "B", 11)
		pdf.CellFormat(0, 7, sigTitle, "", 1, "L", false, 0, "")
		pdf.SetFont("dejavu", "", 9.5)
		for _, s := range sigs {
			pdf.MultiCell(0, 5, signatureText(s), "", "L", false)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("evaluation pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// PDF prints the summary: title, the text, a chart and the table per
// category.
func (a Annual) PDF() ([]byte, error) {
	l := i18n.Lang(a.Lang)
	pdf := notify.NewPDF()
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AddPage()
	pdf.SetFont("dejavu", "B", 16)
	pdf.CellFormat(0, 9, i18n.T(l, "annual.title")+" "+strconv.Itoa(a.Year), "", 1, "L", false, 0, "")
	pdf.Ln(3)
	pdf.SetFont("dejavu", "", 10.5)
	for _, p := range a.Paragraphs {
		pdf.MultiCell(0, 5.5, p, "", "L", false)
		pdf.Ln(2)
	}
	if len(a.Categories) > 0 {
		// The chart: a bar per category, the tallest 40 mm.
		pdf.Ln(2)
		pdf.SetFont("dejavu", "B", 10)
		pdf.CellFormat(0, 6, i18n.T(l, "annual.chart"), "", 1, "L", false, 0, "")
		top := pdf.GetY() + 4
		barW := min(20.0, 170.0/float64(len(a.Categories))-4)
		maxN := 1
		for _, c := range a.Categories {
			maxN = max(maxN, a.drawnOf(c))
		}
		pdf.SetFillColor(11, 93, 59)
		pdf.SetFont("dejavu", "", 7)
		for i, c := range a.Categories {
			h := 40 * float64(a.drawnOf(c)) / float64(maxN)
			x := 20 + float64(i)*(barW+4)
			pdf.Rect(x, top+40-h, barW, h, "F")
			label := num(int64(c.N), l)
			if b := a.bound(c); b > 0 {
				label = "< " + strconv.Itoa(b)
			}
			pdf.Text(x, top+40-h-1, label)
		}
		pdf.SetY(top + 42)
		for i, c := range a.Categories {
			pdf.SetXY(20+float64(i)*(barW+4), top+42)
			pdf.MultiCell(barW+3, 3.2, c.Label, "", "L", false)
		}
		pdf.SetY(top + 54)
		table := Display(a.Table(), l)
		widths := []float64{58, 24, 38, 28, 22}
		for r, row := range table {
			style := ""
			if r == 0 || r == len(table)-1 {
				style = "B"
			}
			pdf.SetFont("dejavu", style, 9.5)
			for i, v := range row {
				align := "R"
				if i == 0 {
					align = "L"
				}
				border := ""
				if r == 0 {
					border = "B"
				}
				pdf.CellFormat(widths[i], 6, v, border, 0, align, false, 0, "")
			}
			pdf.Ln(-1)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("annual pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// signatureText is a sign-off as one line: who, when, and the note.
func signatureText(s SignatureLine) string {
	line := fmt.Sprintf("%s — %s", s.Who, s.When)
	if s.Note != "" {
		line += ": " + s.Note
	}
	return line
}
