package procedure

import (
	"slices"
	"testing"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
)

func TestElsewhereNormalize(t *testing.T) {
	good := Elsewhere{Item: Item{Key: " adres ", Label: i18n.Label{NL: "Adres wijzigen", EN: "Changing your address"}},
		URL: i18n.Label{NL: "https://example.org/adres"}}
	for _, c := range []struct {
		name   string
		change func(*Elsewhere)
		fields []string
	}{
		{"good", nil, nil},
		{"no link", func(e *Elsewhere) { e.URL.NL = "" }, nil},
		{"bad key", func(e *Elsewhere) { e.Key = "Adres wijzigen" }, []string{"e_key"}},
		{"no English label", func(e *Elsewhere) { e.Label.EN = " " }, []string{"e_label_en"}},
		{"a script link", func(e *Elsewhere) { e.URL.EN = "javascript:alert(1)" }, []string{"e_url_en"}},
		{"a relative link", func(e *Elsewhere) { e.URL.NL = "/contact" }, []string{"e_url_nl"}},
		{"text too long", func(e *Elsewhere) { e.Text.NL = string(make([]rune, 501)) }, []string{"e_text_nl"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := good
			if c.change != nil {
				c.change(&e)
			}
			out, err := e.Normalize("e_")
			var got []string
			if fe, ok := fault.As(err); ok {
				for _, f := range fe.Fields {
					got = append(got, f.Field)
				}
			}
			if !slices.Equal(got, c.fields) {
				t.Errorf("fields %q, want %q (%v)", got, c.fields, err)
			}
			if err == nil && out.Key != "adres" {
				t.Errorf("key %q not trimmed", out.Key)
			}
		})
	}
}
