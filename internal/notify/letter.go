package notify

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// DejaVu Sans (Bitstream Vera licence, fonts/LICENSE) covers every letter
// of Dutch and the euro sign; it is embedded so letters look the same on
// every server.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// Letterhead is the organisation's heading on every letter.
type Letterhead struct {
	Name  string   // printed large
	Lines []string // address, phone, e-mail, web
}

// Letter is one letter to a complainant.
type Letter struct {
	Lang      string
	Address   []string // name, street, postcode and city
	Date      time.Time
	Reference string
	Subject   string
	Body      string
}

// Layout of a Dutch A4 letter for a window envelope (the common 220×110 mm
// envelope with its window 20 mm from the left and 50 mm from the top):
// the address block sits behind that window when folded in three.
const (
	marginLeft    = 22.0
	marginRight   = 20.0
	addressTop    = 50.0
	addressWidth  = 85.0
	addressHeight = 30.0
	bodyTop       = 100.0
	lineHeight    = 5.2
)

var months = map[string][]string{
	"nl": {
		"januari",
		"februari",
		"maart",
		"april",
		"mei",
		"juni",
		"juli",
		"augustus",
		"september",
		"oktober",
		"november",
		"december",
	},
	"en": {
		"January",
		"February",
		"March",
		"April",
		"May",
		"June",
		"July",
		"August",
		"September",
		"October",
		"November",
		"December",
	},
}

// LongDate writes a date as letters do: "24 november 2026".
func LongDate(t time.Time, lang string) string {
	m, ok := months[lang]
	if !ok {
		m = months["nl"]
	}
	return fmt.Sprintf("%d %s %d", t.Day(), m[t.Month()-1], t.Year())
}

var labels = map[string][3]string{
	"nl": {"Datum", "Ons kenmerk", "Pagina %d"},
	"en": {"Date", "Our reference", "Page %d"},
}

// RenderLetters makes one PDF of the letters, each starting on a new page
// and numbering its own pages, ready to print in one go.
func RenderLetters(head Letterhead, letters []Letter) ([]byte, error) {
	if len(letters) == 0 {
		return nil, fmt.Errorf("render letters: no letters")
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreator("klacht", true)
	pdf.SetTitle(head.Name, true)
	pdf.SetCompression(true)
	pdf.AddUTF8FontFromBytes("dejavu", "", fontRegular)
	pdf.AddUTF8FontFromBytes("dejavu", "B", fontBold)
	pdf.SetMargins(marginLeft, 20, marginRight)
	pdf.SetAutoPageBreak(true, 25)

	var cur Letter
	firstPage := 1
	pdf.SetFooterFunc(func() {
		lbl := labels[cur.Lang]
		if lbl[0] == "" {
			lbl = labels["nl"]
		}
		pdf.SetY(-15)
		pdf.SetFont("dejavu", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, cur.Reference+" · "+fmt.Sprintf(lbl[2], pdf.PageNo()-firstPage+1), "", 0, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	width := 210.0 - marginLeft - marginRight
	for _, l := range letters {
		lbl := labels[l.Lang]
		if lbl[0] == "" {
			lbl = labels["nl"]
		}
		// AddPage closes the previous letter's last page, footer included,
		// so this letter becomes current only after it.
		pdf.AddPage()
		cur, firstPage = l, pdf.PageNo()

		// Letterhead, top right.
		pdf.SetXY(110, 18)
		pdf.SetFont("dejavu", "B", 14)
		pdf.CellFormat(width-88, 7, head.Name, "", 2, "R", false, 0, "")
		pdf.SetFont("dejavu", "", 8.5)
		for _, line := range head.Lines {
			pdf.CellFormat(width-88, 4.2, line, "", 2, "R", false, 0, "")
		}

		// Address block, behind the envelope's window.
		pdf.SetXY(marginLeft, addressTop)
		pdf.SetFont("dejavu", "", 10.5)
		for i, line := range l.Address {
			if i >= 6 || strings.TrimSpace(line) == "" {
				continue
			}
			pdf.SetX(marginLeft)
			pdf.CellFormat(addressWidth, addressHeight/6, line, "", 1, "L", false, 0, "")
		}

		// Date and reference, then the subject and the text.
		pdf.SetXY(marginLeft, bodyTop-12)
		pdf.SetFont("dejavu", "", 9)
		pdf.CellFormat(30, 5, lbl[0], "", 0, "L", false, 0, "")
		pdf.CellFormat(60, 5, LongDate(l.Date, l.Lang), "", 1, "L", false, 0, "")
		pdf.SetX(marginLeft)
		pdf.CellFormat(30, 5, lbl[1], "", 0, "L", false, 0, "")
		pdf.CellFormat(60, 5, l.Reference, "", 1, "L", false, 0, "")
		pdf.SetXY(marginLeft, bodyTop)
		pdf.SetFont("dejavu", "B", 11)
		pdf.MultiCell(width, 6, l.Subject, "", "L", false)
		pdf.Ln(4)
		pdf.SetFont("dejavu", "", 10.5)
		pdf.MultiCell(width, lineHeight, strings.ReplaceAll(l.Body, "\r\n", "\n"), "", "L", false)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("render letters: %w", err)
	}
	return buf.Bytes(), nil
}
