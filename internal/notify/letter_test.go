package notify

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/notify/pdftest"
)

// TestLetterText renders two letters and reads them back with pdftotext
// (Debian's poppler-utils): every name, address line, reference and
// diacritic must come out exactly as it went in.
func TestLetterText(t *testing.T) {
	head := Letterhead{
		Name:  "Milieudefensie",
		Lines: []string{"Postbus 19199", "1000 GD Amsterdam", "service@milieudefensie.nl"},
	}
	date := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	_, body := Default(Outcome, "nl").Render(Values{"reference": "K-2026-00042", "name": "Anaïs Ëlberg-Çelik",
		"outcome": "Wij hebben € 12,50 teruggestort. Café-eigenaar Ĳsbrand is geïnformeerd; de coördinatie is verbeterd.",
		"handler": "Sanne Desk", "organisation": "Milieudefensie"})
	letters := []Letter{
		{Lang: "nl", Address: []string{"Anaïs Ëlberg-Çelik", "Kerkstraat 5", "3511 AB Utrecht"}, Date: date,
			Reference: "K-2026-00042", Subject: "Uw klacht K-2026-00042 is afgehandeld", Body: body},
		{Lang: "en", Address: []string{"Zoë Brontë", "Damrak 1", "1012 LG Amsterdam"}, Date: date,
			Reference: "K-2026-00043", Subject: "Your complaint K-2026-00043", Body: strings.Repeat("A long letter. ", 400)},
	}
	pdf, err := RenderLetters(head, letters)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	text, ok := pdftest.Text(t, pdf, "-layout")
	if !ok {
		t.Skip("pdftotext not installed")
	}
	for _, want := range []string{
		"Anaïs Ëlberg-Çelik", "Kerkstraat 5", "3511 AB Utrecht", "K-2026-00042", "24 november 2026",
		"€ 12,50", "Café-eigenaar", "geïnformeerd", "coördinatie", "Ĳsbrand", "Milieudefensie", "Postbus 19199",
		"Zoë Brontë", "K-2026-00043", "24 November 2026", "Page 2", "Pagina 1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("pdftotext gave:\n%s", text)
	}
	if _, err := RenderLetters(head, nil); err == nil {
		t.Error("an empty print run made a PDF")
	}
}
