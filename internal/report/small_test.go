package report

import (
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/i18n"
)

// TestSmallCounts: public reports write counts below the profile's
// threshold as "fewer than N", begin a sentence with a capital when a
// count opens it, leave out a rate that would give the count away, and
// write every count when the threshold is 0.
func TestSmallCounts(t *testing.T) {
	year := func(lang i18n.Lang, below int) Annual {
		a := Annual{Year: 2019, Lang: string(lang), Total: 12, Satisfied: 3, SmallBelow: below, Categories: []CategoryFigure{
			{Key: "telemarketing", Label: "Telemarketing", N: 9, Satisfied: 2, Contacts: 28300, Rate: 0.32},
			{Key: "street_recruitment", Label: "Straatwerving", N: 3, Satisfied: 1, Contacts: 1000, Rate: 3, New: true},
		}}
		a.suppress()
		a.Paragraphs = a.write(lang, "Org")
		return a
	}
	for _, c := range []struct {
		name        string
		a           Annual
		want, never []string
	}{
		{"nl threshold 5", year(i18n.NL, 5),
			// 12 in all, 9 telemarketing: the 3 would follow from them, so
			// telemarketing is a range too, and its rate goes.
			[]string{"Daarvan zijn er minder dan 5 naar tevredenheid afgehandeld.", "Over Straatwerving zijn minder dan 5 klachten binnengekomen.",
				"Nieuw dit jaar waren klachten over Straatwerving (minder dan 5).", "de boventoon, minder dan 20 stuks."},
			[]string{"3,00 per", " 3 klachten", "(3)", "9 stuks", "0,32 per"}},
		{"en threshold 5", year(i18n.EN, 5),
			[]string{"Fewer than 5 of them were handled", "We received fewer than 5 complaints about Straatwerving.", "(fewer than 5)",
				"still lead, with fewer than 20"},
			[]string{"3.00 per", "1,000 street conversations", "(3)", "with 9"}},
		{"en threshold 0", year(i18n.EN, 0),
			[]string{"3 of them were handled", "We received 3 complaints about Straatwerving.", "3.00 per 1,000 conversations", "(3)",
				"0.32 per 1,000 calls"},
			[]string{"fewer than", "Fewer than"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := c.a.Text()
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q:\n%s", w, text)
				}
			}
			for _, n := range c.never {
				if strings.Contains(text, n) {
					t.Errorf("has %q:\n%s", n, text)
				}
			}
			table := Display(c.a.Table(), i18n.Lang(c.a.Lang))
			small := c.a.SmallBelow > 0
			if got := table[2][1]; (got == "3") == small {
				t.Errorf("table writes the small count as %q", got)
			}
			if got := table[2][4]; (got == "") != small {
				t.Errorf("table's rate for the small count is %q", got)
			}
			for _, b := range c.a.CategoryBars() {
				if b.Label == "Straatwerving" && (b.Text == "3") == small {
					t.Errorf("chart labels the small bar %q", b.Text)
				}
			}
		})
	}
}
