package notify

import (
	"bytes"
	"fmt"
)

// Section is a heading with lines of "label: value" under it.
type Section struct {
	Heading string
	Lines   [][2]string // label, value; an empty label prints the value alone
}

// DocumentPDF prints a plain document: a title, a line under it, and
// sections; long values wrap. It serves exports such as what the register
// holds about a person.
func DocumentPDF(title, subtitle string, sections []Section) ([]byte, error) {
	pdf := NewPDF()
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AddPage()
	pdf.SetFont("dejavu", "B", 15)
	pdf.MultiCell(0, 8, title, "", "L", false)
	if subtitle != "" {
		pdf.SetFont("dejavu", "", 9.5)
		pdf.MultiCell(0, 5, subtitle, "", "L", false)
	}
	for _, s := range sections {
		pdf.Ln(4)
		pdf.SetFont("dejavu", "B", 11.5)
		pdf.MultiCell(0, 6, s.Heading, "B", "L", false)
		pdf.Ln(1)
		for _, l := range s.Lines {
			if l[0] == "" {
				pdf.SetFont("dejavu", "", 9.5)
				pdf.MultiCell(0, 5, l[1], "", "L", false)
				continue
			}
			pdf.SetFont("dejavu", "B", 9.5)
			pdf.CellFormat(45, 5, l[0], "", 0, "L", false, 0, "")
			pdf.SetFont("dejavu", "", 9.5)
			pdf.MultiCell(0, 5, l[1], "", "L", false)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("document pdf: %w", err)
	}
	return buf.Bytes(), nil
}
