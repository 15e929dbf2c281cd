package intake

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// mime builds a two-part mail: a text and one more part with the given
// headers and body.
func mimeMail(partHeaders, partBody string) []byte {
	return []byte(
		"From: Jan <jan@example.nl>\r\nTo: klachten@example.nl\r\nSubject: Bijlage\r\nMessage-ID: <p@example.nl>\r\n" +
			"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n" +
			"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nZie de bijlage.\r\n" +
			"--b1\r\n" + partHeaders + "\r\n\r\n" + partBody + "\r\n--b1--\r\n",
	)
}

const gifBase64 = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

// TestPartsSurviveBadHeaders: a part whose parameters are
// malformed is still a file with the best name that can be recovered, and
// its bytes never land in the text.
func TestPartsSurviveBadHeaders(t *testing.T) {
	tests := []struct {
		name, headers, body, want string
	}{
		{
			"encoded-word inside name=",
			"Content-Type: image/gif; name=\"=?UTF-8?Q?foto_=C3=A9=C3=A9n.gif?=\"\r\nContent-Transfer-Encoding: base64",
			gifBase64,
			"foto één.gif",
		},
		{
			"encoded-word in filename, unquoted",
			"Content-Type: image/gif\r\nContent-Disposition: attachment; filename==?iso-8859-1?Q?r=E9sum=E9.gif?=\r\n" +
				"Content-Transfer-Encoding: base64",
			gifBase64,
			"résumé.gif",
		},
		{
			"RFC 2231 continuations",
			"Content-Type: image/gif\r\nContent-Disposition: attachment;\r\n filename*0*=UTF-8''lange%20naam%20;\r\n" +
				" filename*1*=met%20%C3%A9%C3%A9n;\r\n filename*2=\".gif\"\r\nContent-Transfer-Encoding: base64",
			gifBase64,
			"lange naam met één.gif",
		},
		{
			"missing closing quote",
			"Content-Type: image/gif; name=\"kapot.gif\r\nContent-Transfer-Encoding: base64",
			gifBase64,
			"kapot.gif",
		},
		{
			"space in an unquoted name",
			"Content-Type: image/gif; name=mijn foto.gif\r\nContent-Transfer-Encoding: base64",
			gifBase64,
			"mijn foto.gif",
		},
		{
			"the same parameter twice",
			"Content-Type: image/gif; name=een.gif; name=twee.gif\r\nContent-Transfer-Encoding: base64",
			gifBase64,
			"een.gif",
		},
		{
			"unknown charset in RFC 2231",
			"Content-Type: image/gif\r\nContent-Disposition: attachment; filename*=x-onbekend''n%E9e.gif\r\n" +
				"Content-Transfer-Encoding: base64",
			gifBase64,
			"née.gif",
		},
		{
			"binary labelled text/plain, no name",
			"Content-Type: text/plain; charset=\"utf-8\r\nContent-Transfer-Encoding: base64",
			gifBase64 + "AAAAAAAA",
			"part.txt",
		},
		{
			"unparsable type, binary",
			"Content-Type: ;;;==\r\nContent-Transfer-Encoding: base64",
			"AAECAwQFBgcICQ==",
			"part.txt",
		},
		{
			"text/plain as attachment, no name",
			"Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment",
			"een bijlage",
			"part.txt",
		},
		{
			"octet-stream without name",
			"Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64",
			"AAECAwQF",
			"part.bin",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse(mimeMail(tt.headers, tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Parts) != 1 {
				t.Fatalf("parts = %+v, skipped %+v", m.Parts, m.Skipped)
			}
			if got := m.Parts[0].Name; got != tt.want &&
				!(strings.HasPrefix(tt.want, "part") && strings.HasPrefix(got, "part")) {
				t.Errorf("name = %q, want %q", got, tt.want)
			}
			if m.Text != "Zie de bijlage." {
				t.Errorf("text = %q: another part's bytes reached the description", m.Text)
			}
		})
	}
}

// TestDamagedPartIsNoted: base64 that breaks off keeps what it could read
// and says so; a part with nothing readable is noted, not dropped silently.
func TestDamagedPartIsNoted(t *testing.T) {
	m, err := Parse(
		mimeMail("Content-Type: application/pdf; name=brief.pdf\r\nContent-Transfer-Encoding: base64", "JVBERi0xLjQK!!!!"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Parts) != 1 || len(m.Skipped) != 1 || m.Skipped[0].Why != "damaged" || m.Skipped[0].Name != "brief.pdf" {
		t.Errorf("parts %+v, skipped %+v", m.Parts, m.Skipped)
	}
	m, _ = Parse(mimeMail("Content-Type: application/pdf; name=leeg.pdf\r\nContent-Transfer-Encoding: base64", "!!!!"))
	if len(m.Parts) != 0 || len(m.Skipped) != 1 || m.Skipped[0].Why != "unreadable" {
		t.Errorf("parts %+v, skipped %+v", m.Parts, m.Skipped)
	}
}

// TestEightBitText: headers and bodies in 8-bit charsets are
// decoded, never turned into U+FFFD.
func TestEightBitText(t *testing.T) {
	tests := []struct {
		name        string
		raw         string
		subject     string
		fromName    string
		text        string
		attachments int
	}{
		{"raw Latin-1 header, declared body charset",
			"From: Ren\xe9 M\xfcller <rene@example.nl>\r\nSubject: Caf\xe9 ferm\xe9\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nCr\xe8me br\xfbl\xe9e\r\n",
			"Café fermé", "René Müller", "Crème brûlée", 0},
		{"Windows-1252 without a charset",
			"From: a@example.nl\r\nSubject: \x80 5 te veel\r\n\r\n\x93Aanhalingstekens\x94 en \x80 12\r\n",
			"€ 5 te veel", "", "“Aanhalingstekens” en € 12", 0},
		{"ISO-8859-2 body and raw header",
			"From: a@example.nl\r\nSubject: \xa3\xf3d\xbc\r\nContent-Type: text/plain; charset=ISO-8859-2\r\n\r\nZa\xbf\xf3\xb3\xe6 g\xea\xb6l\xb1 ja\xbc\xf1\r\n",
			"Łódź", "", "Zażółć gęślą jaźń", 0},
		{"8-bit text labelled us-ascii",
			"From: a@example.nl\r\nSubject: x\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nco\xf6rdinator\r\n", "x", "", "coördinator", 0},
		{"8-bit text labelled utf-8",
			"From: a@example.nl\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nco\xf6rdinator\r\n", "x", "", "coördinator", 0},
		{"unknown charset, 8-bit",
			"From: a@example.nl\r\nSubject: x\r\nContent-Type: text/plain; charset=x-mac-onbekend\r\n\r\nna\xefef\r\n", "x", "", "naïef", 0},
		{"encoded-word in an unknown charset",
			"From: =?x-unknown?q?Andr=E9?= <a@example.nl>\r\nSubject: =?x-unknown?q?R=E9actie?=\r\n\r\nok\r\n", "Réactie", "André", "ok", 0},
		{"encoded-word sender with a comma",
			"From: =?utf-8?q?Boer=2C_Els_de?= <els@example.nl>\r\nSubject: x\r\n\r\nok\r\n", "x", "Boer, Els de", "ok", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{m.Subject, m.FromName, m.Text} {
				if strings.ContainsRune(s, utf8.RuneError) {
					t.Errorf("U+FFFD in %q", s)
				}
			}
			if m.Subject != tt.subject || m.FromName != tt.fromName || m.Text != tt.text || len(m.Parts) != tt.attachments {
				t.Errorf("got subject %q, from %q, text %q, %d parts", m.Subject, m.FromName, m.Text, len(m.Parts))
			}
		})
	}
}

// FuzzMediaType: no header value may panic the lenient reader, and what it
// returns is a type without spaces and valid UTF-8 names.
func FuzzMediaType(f *testing.F) {
	for _, s := range []string{
		`image/gif; name="=?UTF-8?Q?foto_=C3=A9=C3=A9n.gif?="`, `attachment; filename*0*=UTF-8''a%20b; filename*1="c"`,
		`image/gif; name="kapot.gif`, `text/plain; charset="utf-8`, `;;;==`, `a/b; c*=x''%ZZ`, `a/b; c*9999999999=1`,
		`multipart/mixed; boundary="--=_\"x"`, "text/plain; name=\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		typ, params := parseMediaType(v)
		if strings.ContainsAny(typ, " \t\"") {
			t.Fatalf("type %q", typ)
		}
		name := partName(params, params)
		if !utf8.ValidString(name) || strings.ContainsAny(name, "\r\n") {
			t.Fatalf("name %q", name)
		}
	})
}
