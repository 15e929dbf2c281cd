package report

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Tokenising and stemming for Dutch and English complaint texts: light
// and in-process, enough to see that "afschrijving" and "afschrijvingen",
// "telefoontje" and "telefoontjes", or "called" and "calling" are about the
// same thing (text_test.go holds each claim). It does not know strong
// verbs: "afgeschreven" and "afschrijving" stay apart.

var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`de het een en of maar dat die dit deze ik je jij u uw mijn me mij we wij ze zij hij
		is was zijn ben bent wordt werd worden heb heeft hebben had hadden kan kunnen zou zouden wil wilde niet geen wel
		ook nog al er hier daar dan toen als om op in aan van voor met bij naar over uit tot door te ter om dus toch
		zo heel erg meer veel weer nu al alle alles iets niets keer
		the a an and or but that this these those i you your my me we us they he she it is was are were be been being
		have has had do does did not no yes also still so very more much again now all any some to of in on at for with
		by from about as into out up down than then there here what which who when why how`) {
		stopwords[w] = true
	}
}

// fold lowercases and drops diacritics: "geïncasseerd" and "geincasseerd"
// are one word.
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

// stem strips common Dutch and English endings.
func stem(w string) string {
	for _, suf := range []string{"heden", "ingen", "ing", "tjes", "tje", "ties", "tie", "en", "ed", "es", "e", "s"} {
		if len(w)-len(suf) >= 4 && strings.HasSuffix(w, suf) {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	// Undouble a final consonant: "bellen" ends up "bel", as "bel" is.
	if n := len(w); n >= 4 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiou", rune(w[n-1])) {
		w = w[:n-1]
	}
	return w
}

// Terms turns a text into stemmed terms without stopwords.
func Terms(text string) []string {
	words := strings.FieldsFunc(fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := make([]string, 0, len(words))
	for _, w := range words {
		if len(w) < 3 || stopwords[w] {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}
