// Package i18n holds klacht's Dutch and English message catalogs and the
// small helpers to pick a language and render a message in it.
//
// Every message a user can see has a key; both catalogs must hold every key
// (a test enforces it), so a screen never falls back to a raw key.
package i18n

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"golang.org/x/text/language"
)

// Lang is a supported language code.
type Lang string

const (
	NL Lang = "nl" // Dutch, the default.
	EN Lang = "en" // English.
)

// Default is the language used when nothing else is known.
const Default = NL

// Supported lists the languages klacht speaks, default first.
var Supported = []Lang{NL, EN}

// Parse returns the language for code, and false when it is not supported.
func Parse(code string) (Lang, bool) {
	switch strings.ToLower(strings.TrimSpace(code)) {
	case "nl", "nl-nl", "nl-be":
		return NL, true
	case "en", "en-gb", "en-us":
		return EN, true
	}
	return "", false
}

// matcher chooses between klacht's languages, Dutch first: what an
// unmatched header gets.
var matcher = language.NewMatcher([]language.Tag{language.Dutch, language.English})

// FromAcceptLanguage picks the supported language an HTTP Accept-Language
// header prefers, quality values and regional variants included
// (golang.org/x/text/language), or Default when it names neither.
func FromAcceptLanguage(header string) Lang {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, index, confidence := matcher.Match(tags...)
	if confidence == language.No {
		return Default
	}
	return []Lang{NL, EN}[index]
}

// Label is a text held in both languages, as profile data is.
type Label struct {
	NL string `json:"nl"`
	EN string `json:"en"`
}

// In returns the label in lang, falling back to Dutch.
func (l Label) In(lang Lang) string {
	if lang == EN && l.EN != "" {
		return l.EN
	}
	return l.NL
}

// T renders the message key in lang with fmt-style args. A missing key
// renders as the key itself, which the catalog test prevents from shipping.
func T(lang Lang, key string, args ...any) string {
	cat := catalogs[lang]
	if cat == nil {
		cat = catalogs[Default]
	}
	msg, ok := cat[key]
	if !ok {
		msg, ok = catalogs[Default][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return msg
	}
	cloned := false
	for i, a := range args {
		if k, ok := a.(Key); ok {
			if !cloned { // the caller's slice stays as it was
				args, cloned = slices.Clone(args), true
			}
			args[i] = T(lang, string(k))
		}
	}
	return fmt.Sprintf(msg, args...)
}

// Key is an argument that is itself a message key: it is rendered in the
// message's own language, so a message made once (an error of the domain)
// names a status or a field as the reader's language does.
type Key string

// N renders a count: key+".one" for 1, else key+".other" with n.
func N(lang Lang, key string, n int) string {
	if n == 1 {
		return T(lang, key+".one")
	}
	return T(lang, key+".other", n)
}

// Keys returns every key of lang's catalog, sorted; used by tests.
func Keys(lang Lang) []string {
	keys := make([]string, 0, len(catalogs[lang]))
	for k := range catalogs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var catalogs = map[Lang]map[string]string{NL: dutch, EN: english}
