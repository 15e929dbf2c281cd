package ui

import (
	"testing"

	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/web/kit"
)

func TestPageAmount(t *testing.T) {
	for _, c := range []struct {
		lang  i18n.Lang
		cents int64
		want  string
	}{{i18n.NL, 125050, "1.250,50"}, {i18n.EN, 125050, "1,250.50"}, {i18n.EN, 5, "0.05"}, {i18n.NL, 100000000, "1.000.000,00"}} {
		if got := (kit.Page{Lang: c.lang}).Amount(c.cents); got != c.want {
			t.Errorf("Amount(%d) in %s = %q, want %q", c.cents, c.lang, got, c.want)
		}
	}
}
