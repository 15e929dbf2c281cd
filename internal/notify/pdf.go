package notify

import "github.com/go-pdf/fpdf"

// NewPDF returns an A4 document with klacht's embedded fonts loaded
// ("dejavu", regular and bold), for reports as well as letters.
func NewPDF() *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreator("klacht", true)
	pdf.SetCompression(true)
	pdf.AddUTF8FontFromBytes("dejavu", "", fontRegular)
	pdf.AddUTF8FontFromBytes("dejavu", "B", fontBold)
	return pdf
}
