package report

import (
	"slices"
	"testing"
)

// TestStemming holds the claims text.go makes: the words of each pair are
// one term, and the words of each apart pair are two.
func TestStemming(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"afschrijving", "afschrijvingen", true},
		{"telefoontje", "telefoontjes", true},
		{"called", "calling", true},
		{"bellen", "bel", true},
		{"geïncasseerd", "geincasseerd", true},
		{"Incasso", "incasso", true},
		{"afgeschreven", "afschrijving", false},
		{"klacht", "lidmaatschap", false},
	} {
		ta, tb := Terms(c.a), Terms(c.b)
		if got := len(ta) == 1 && slices.Equal(ta, tb); got != c.same {
			t.Errorf("%q %v and %q %v: one term = %v, want %v", c.a, ta, c.b, tb, got, c.same)
		}
	}
	if got := Terms("Ik ben de hele week gebeld!"); !slices.Equal(got, []string{"hele", "week", "gebeld"}) {
		t.Errorf("Terms = %q: stop words and short words stay out", got)
	}
}
