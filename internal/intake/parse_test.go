package intake

import (
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/intake/imaptest"
)

func TestParse(t *testing.T) {
	c := imaptest.HostileCorpus()
	m, err := Parse(c["html with script"])
	if err != nil || strings.Contains(m.Text, "alert") || strings.Contains(m.Text, "<") ||
		!strings.Contains(m.Text, "Hallo daar") {
		t.Errorf("html: %q, %v", m.Text, err)
	}
	m, _ = Parse(c["latin1"])
	if m.Subject != "Crème brûlée" || m.Text != "coördinator" {
		t.Errorf("latin1: %q %q", m.Subject, m.Text)
	}
	m, _ = Parse(c["windows-1252"])
	if m.Text != "€ 12,50" {
		t.Errorf("windows-1252: %q", m.Text)
	}
	m, _ = Parse(c["pdf attachment"])
	if len(m.Parts) != 1 || m.Parts[0].Name != "brief.pdf" || !strings.HasPrefix(string(m.Parts[0].Data), "%PDF") {
		t.Errorf("pdf: %+v", m.Parts)
	}
	m, _ = Parse(c["crlf in subject word"])
	if strings.ContainsAny(m.Subject, "\r\n") {
		t.Errorf("subject keeps a line break: %q", m.Subject)
	}
	m, _ = Parse(c["no message id"])
	if !strings.HasPrefix(m.MessageID, "sha256-") {
		t.Errorf("synthetic id = %q", m.MessageID)
	}
	for _, name := range []string{"missing from", "garbage from", "no header block", "empty", "too large"} {
		if _, err := Parse(c[name]); err == nil {
			t.Errorf("%s: parsed, want a quarantine", name)
		}
	}
}

// FuzzParse: no input may panic the parser, and what it returns is valid
// UTF-8 without line breaks in the one-line fields.
func FuzzParse(f *testing.F) {
	for _, raw := range imaptest.HostileCorpus() {
		if len(raw) < 1<<16 {
			f.Add(raw)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(raw)
		if err != nil {
			return
		}
		for _, s := range []string{m.Subject, m.FromName, m.FromEmail} {
			if strings.ContainsAny(s, "\r\n") {
				t.Fatalf("line break in %q", s)
			}
		}
		if !isUTF8(m.Text) || !isUTF8(m.Subject) {
			t.Fatal("invalid UTF-8 out")
		}
	})
}

func isUTF8(s string) bool { return strings.ToValidUTF8(s, "") == s }
