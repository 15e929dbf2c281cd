package sheet

import (
	"bytes"
	"strings"
	"testing"
)

func TestSafe(t *testing.T) {
	tests := map[string]string{
		`=HYPERLINK("http://x";"Klik hier")`: `'=HYPERLINK("http://x";"Klik hier")`,
		"+31 6 1234":                         "'+31 6 1234",
		"-2+3":                               "'-2+3",
		"@SUM(A1)":                           "'@SUM(A1)",
		"\tcmd":                              "'\tcmd",
		"\r=1":                               "'\r=1",
		"-3":                                 "-3",
		"+0.5":                               "+0.5",
		"Jan Jansen":                         "Jan Jansen",
		"":                                   "",
		"<5":                                 "<5",
	}
	for in, want := range tests {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriterNeutralisesEveryCell(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	if err := w.WriteAll([][]string{{"naam", "telefoon"}, {`=HYPERLINK("http://evil";"Klik")`, "+31 20 1234567"}}); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); !strings.Contains(got, `"'=HYPERLINK(""http://evil"";""Klik"")"`) ||
		!strings.Contains(got, "'+31 20 1234567") {
		t.Errorf("csv = %q", got)
	}
}

// TestDecode: the charsets spreadsheet programs save CSV in.
func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"UTF-8", []byte("Zoë;café"), "Zoë;café"},
		{"UTF-8 with BOM", []byte("\xef\xbb\xbfZoë;café"), "Zoë;café"},
		{"Windows-1252 (Excel, CSV)", []byte("Zo\xeb;caf\xe9;\x80 5;\x93x\x94"), "Zoë;café;€ 5;“x”"},
		{"UTF-16 LE (Excel, Unicode text)", []byte("\xff\xfeZ\x00o\x00\xeb\x00\t\x00\xac\x20"), "Zoë\t€"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("Decode = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestNewReaderSeparators(t *testing.T) {
	for in, want := range map[string]int{"a;b;c\n1;2;3\n": 3, "a,b\n1,2\n": 2, "a\tb\tc\td\n": 4} {
		cr, err := NewReader(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		rec, err := cr.Read()
		if err != nil || len(rec) != want {
			t.Errorf("%q: %v, %v", in, rec, err)
		}
	}
}

func TestNewReaderRefusesNUL(t *testing.T) {
	if _, err := NewReader(strings.NewReader("a;b\n1;\x00\n")); err == nil {
		t.Error("a CSV with NUL was read")
	}
}
