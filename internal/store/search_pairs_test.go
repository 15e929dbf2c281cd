package store

import "testing"

func TestPhrasePairs(t *testing.T) {
	for _, tc := range []struct{ tsquery, want string }{
		{``, ``},
		{`'incasso'`, ``},
		{`'straatwerv' & 'station'`, ``},
		{`'twee' <-> 'ker'`, `'twee ker'`},
		{`'twee' <-> 'ker' & 'incasso'`, `'twee ker'`},
		{`'incasso' & 'twee' <-> 'ker'`, `'twee ker'`},
		{`'twee' <-> 'ker' <-> 'gebeld'`, `'twee ker' & 'ker gebeld'`},
		{`'twee' <-> 'ker' & 'straat' <-> 'werver'`, `'twee ker' & 'straat werver'`},
		// A stop word inside the phrase: its neighbours are two apart.
		{`'twee' <2> 'ker' <-> 'gebeld'`, `'ker gebeld'`},
		{`'twee' <2> 'ker'`, ``},
		// The words of a hyphenated word follow each other.
		{`'straat-werv' <-> 'straat' <-> 'werver'`, `'straat-werv straat' & 'straat werver'`},
		// Quotes and backslashes stay as the database printed them.
		{`'o''neil' <-> 'a\\b'`, `'o''neil a\\b'`},
		// A match need not hold the phrase.
		{`'twee' <-> 'ker' | 'incasso'`, ``},
		{`!'twee' <-> 'ker'`, ``},
		{`!( 'twee' <-> 'ker' )`, ``},
		{`'twee' <-> ( 'ker' & 'x' )`, ``},
		// A prefix or a weight is not a word of the pairs' index.
		{`'twee':* <-> 'ker'`, ``},
		{`'twee' <-> 'ker':A <-> 'gebeld'`, ``},
		// Not a tsquery as printed.
		{`'twee <-> 'ker`, ``},
		{`'twee' <3 'ker'`, ``},
	} {
		if got := phrasePairs(tc.tsquery); got != tc.want {
			t.Errorf("phrasePairs(%q) = %q, want %q", tc.tsquery, got, tc.want)
		}
	}
}
