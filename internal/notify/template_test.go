package notify

import (
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/fault"
)

func TestDefaultsAreValid(t *testing.T) {
	for _, k := range Kinds {
		for _, lang := range []string{"nl", "en"} {
			if err := Default(k, lang).Check(); err != nil {
				t.Errorf("default %s/%s: %v", k, lang, err)
			}
		}
	}
}

func TestCheck(t *testing.T) {
	ok := Template{Kind: Outcome, Lang: "nl", Subject: "Klacht {reference}", Body: "Beste {name}, {outcome} {status_link}"}
	cases := []struct {
		name  string
		mut   func(*Template)
		field string
		text  string
	}{
		{"unknown placeholder", func(t *Template) { t.Body += " {naam}" }, "body", "{naam}"},
		{"open brace", func(t *Template) { t.Body += " {outcome" }, "body", "{ or }"},
		{"stray close", func(t *Template) { t.Subject += " }" }, "subject", "{ or }"},
		{"missing required", func(t *Template) { t.Body = "Beste {name} {status_link}" }, "body", "{outcome}"},
		{"missing status link", func(t *Template) { t.Body = "Beste {name}, {outcome}" }, "body", "{status_link}"},
		{"empty subject", func(t *Template) { t.Subject = " " }, "subject", "required"},
		{"bad language", func(t *Template) { t.Lang = "de" }, "lang", "nl or en"},
		{"bad kind", func(t *Template) { t.Kind = "poem" }, "kind", "poem"},
	}
	if err := ok.Check(); err != nil {
		t.Fatalf("valid template: %v", err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl := ok
			tc.mut(&tpl)
			err := tpl.Check()
			e, isFault := fault.As(err)
			if !isFault || e.Field() != tc.field || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("Check() = %v; want field %s mentioning %q", err, tc.field, tc.text)
			}
		})
	}
}

func TestRender(t *testing.T) {
	s, b := Default(
		DelayNotice,
		"nl",
	).Render(Values{"reference": "K-2026-00042", "name": "Anaïs Ëlberg", "reason": "Wij wachten op de bank.",
		"expected_date": "31-03-2026", "received_date": "02-03-2026", "due_date": "16-03-2026", "handler": "Sanne", "organisation": "Milieudefensie"})
	if s != "Uw klacht K-2026-00042: meer tijd nodig" || !strings.Contains(b, "Beste Anaïs Ëlberg,") ||
		strings.Contains(b, "{") {
		t.Errorf("rendered %q\n%s", s, b)
	}
}
