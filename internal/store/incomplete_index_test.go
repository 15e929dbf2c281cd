package store

import (
	"os"
	"strings"
	"testing"
)

// TestIncompleteIndexIsTheRule: the partial index of incomplete
// registrations holds sqlIncomplete's condition word for word (without the
// table's alias) on both databases; a query only uses an index whose
// condition it repeats, so a rule changed without a new index would quietly
// read the whole register again.
func TestIncompleteIndexIsTheRule(t *testing.T) {
	want := "merged_into IS NULL AND " + strings.Join(strings.Fields(strings.ReplaceAll(sqlIncomplete, "c.", "")), " ")
	for _, d := range []string{"sqlite", "postgres"} {
		src, err := os.ReadFile("migrations/" + d + "/00035_incomplete_index.sql")
		if err != nil {
			t.Fatal(err)
		}
		_, after, _ := strings.Cut(string(src), " WHERE ")
		cond, _, _ := strings.Cut(after, ";")
		if got := strings.Join(strings.Fields(cond), " "); got != want {
			t.Errorf("%s: the index holds\n%s\nthe rule is\n%s", d, got, want)
		}
	}
}
