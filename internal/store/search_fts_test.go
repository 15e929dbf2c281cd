package store

import "testing"

func TestFTSQuery(t *testing.T) {
	for _, tc := range []struct{ typed, want string }{
		{``, `""`},
		{`incasso`, `("incasso")`},
		{`straatwerver station`, `("straatwerver" AND "station")`},
		{`"twee keer"`, `("twee keer")`},
		{`"twee keer" afgeschreven`, `("twee keer" AND "afgeschreven")`},
		{`incasso -teruggestort`, `(("incasso") NOT "teruggestort")`},
		{`-teruggestort incasso -"twee keer"`, `((("incasso") NOT "teruggestort") NOT "twee keer")`},
		{`straatwerver or teruggestort`, `("straatwerver") OR ("teruggestort")`},
		{`straatwerver OR "twee keer" incasso`, `("straatwerver") OR ("twee keer" AND "incasso")`},
		{`or incasso or`, `("incasso")`},
		{`incas*`, `("incas"*)`},
		// A left-out word alone: FTS5 cannot ask for the rest.
		{`-incasso`, `""`},
		{`straatwerver or -incasso`, `("straatwerver")`},
		// What FTS5 would read as its own syntax is a word.
		{`" OR * NEAR( ""`, `(" OR * NEAR( ")`},
		{`NEAR(a b) AND c:d`, `("NEAR(a" AND "b)" AND "AND" AND "c:d")`},
		{`"unterminated phrase`, `("unterminated phrase")`},
		{`!!! ... -`, `""`},
	} {
		if got := ftsQuery(tc.typed); got != tc.want {
			t.Errorf("ftsQuery(%q) = %s, want %s", tc.typed, got, tc.want)
		}
	}
}
