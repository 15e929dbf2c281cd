package procedure

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

var elsewhereKey = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// Normalize trims an entry of the "no complaint" list and checks it: a key
// of lower-case letters, digits and underscores; a label in both languages;
// an explanation of at most 500 characters; a link, when given, that is a
// full web address, so the public form never links to anything else.
// Fields are named with prefix, as the form names them.
func (e Elsewhere) Normalize(prefix string) (Elsewhere, error) {
	var errs fault.Validation
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, s := range []*string{&e.Key, &e.Label.NL, &e.Label.EN, &e.Text.NL, &e.Text.EN, &e.URL.NL, &e.URL.EN} {
		trim(s)
	}
	if !elsewhereKey.MatchString(e.Key) {
		errs.Add(prefix+"key", "err.campaign_key")
	}
	check := func(field, v string, required bool, limit int) {
		switch n := utf8.RuneCountInString(v); {
		case n == 0 && required:
			errs.Add(prefix+field, "err.required")
		case n > limit:
			errs.Add(prefix+field, "err.too_long", limit)
		}
	}
	check("label_nl", e.Label.NL, true, 100)
	check("label_en", e.Label.EN, true, 100)
	check("text_nl", e.Text.NL, false, 500)
	check("text_en", e.Text.EN, false, 500)
	for _, u := range []struct{ field, v string }{{"url_nl", e.URL.NL}, {"url_en", e.URL.EN}} {
		if u.v == "" {
			continue
		}
		p, err := url.Parse(u.v)
		if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || len(u.v) > 500 {
			errs.Add(prefix+u.field, "err.url")
		}
	}
	return e, errs.Err()
}
