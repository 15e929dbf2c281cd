package report

import (
	"bytes"
	"fmt"

	"github.com/klacht/klacht/internal/notify"
)

// SignatureLine is a reviewer's sign-off as printed.
type SignatureLine struct{ Who, When, Note string }

// EvaluationPDF prints the evaluation: title, a figure per line with the
// quarter and the four before it, and the sign-offs. label names a figure
// in the reader's language.
func EvaluationPDF(ev Evaluation, title string, label func(string) string, sigs []SignatureLine, sigTitle string) ([]byte, error) {
	pdf := notify.NewPDF()
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	pdf.AddPage()
	pdf.SetFont("dejavu", "B", 14)
	pdf.CellFormat(0, 8, title, "", 1, "L", false, 0, "")
	pdf.Ln(2)
	colW, labelW := 22.0, 180.0-5*22.0
	pdf.SetFont("dejavu", "B", 8.5)
	pdf.CellFormat(labelW, 6, "", "B", 0, "L", false, 0, "")
	for _, c := range ev.Columns {
		pdf.CellFormat(colW, 6, c.Quarter, "B", 0, "R", false, 0, "")
	}
	pdf.Ln(-1)
	for _, r := range ev.Rows() {
		pdf.SetFont("dejavu", "", 8.5)
		pdf.CellFormat(labelW, 5, label(r.Key), "", 0, "L", false, 0, "")
		for i, v := range r.Values {
			if i == 0 {
				pdf.SetFont("dejavu", "B", 8.5)
			} else {
				pdf.SetFont("dejavu", "", 8.5)
			}
			pdf.CellFormat(colW, 5, v, "", 0, "R", false, 0, "")
		}
		pdf.Ln(-1)
	}
	if len(sigs) > 0 {
		pdf.Ln(4)
		pdf.SetFont("dejavu", "B", 11)
		pdf.CellFormat(0, 7, sigTitle, "", 1, "L", false, 0, "")
		pdf.SetFont("dejavu", "", 9.5)
		for _, s := range sigs {
			line := fmt.Sprintf("%s — %s", s.Who, s.When)
			if s.Note != "" {
				line += ": " + s.Note
			}
			pdf.MultiCell(0, 5, line, "", "L", false)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("evaluation pdf: %w", err)
	}
	return buf.Bytes(), nil
}
