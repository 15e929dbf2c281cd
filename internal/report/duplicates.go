package report

import (
	"sort"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/complaint"
)

// Duplicate is a complaint that may be the same as the one at hand, with
// why: "member_number", "email" and/or "text".
type Duplicate struct {
	Reference  string           `json:"reference"`
	ReceivedAt time.Time        `json:"received_at"`
	Status     complaint.Status `json:"status"`
	Reasons    []string         `json:"reasons"`
}

// similarText is how much two descriptions must share (Jaccard over their
// terms) to count as the same matter.
const similarText = 0.5

// maxDuplicates bounds the suggestions.
const maxDuplicates = 5

// Duplicates picks from candidates the likely duplicates of c: the same
// person (member number or e-mail address) or the same matter (similar
// text in the same category). Most reasons first, then the nearest in time.
func Duplicates(c complaint.Complaint, candidates []complaint.Complaint) []Duplicate {
	mine := termSet(c.Description)
	var out []Duplicate
	for _, x := range candidates {
		if x.ID == c.ID || x.MergedInto != "" {
			continue
		}
		var reasons []string
		if p := c.Complainant.MemberNumber; p != "" && p == x.Complainant.MemberNumber {
			reasons = append(reasons, "member_number")
		}
		if e := c.Complainant.Email; e != "" && strings.EqualFold(e, x.Complainant.Email) {
			reasons = append(reasons, "email")
		}
		if x.Category == c.Category && jaccard(mine, termSet(x.Description)) >= similarText {
			reasons = append(reasons, "text")
		}
		if len(reasons) > 0 {
			out = append(out, Duplicate{Reference: x.Reference, ReceivedAt: x.ReceivedAt, Status: x.Status, Reasons: reasons})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].Reasons) != len(out[j].Reasons) {
			return len(out[i].Reasons) > len(out[j].Reasons)
		}
		return absDuration(out[i].ReceivedAt.Sub(c.ReceivedAt)) < absDuration(out[j].ReceivedAt.Sub(c.ReceivedAt))
	})
	if len(out) > maxDuplicates {
		out = out[:maxDuplicates]
	}
	return out
}

func termSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, t := range Terms(text) {
		set[t] = true
	}
	return set
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	both := 0
	for t := range a {
		if b[t] {
			both++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
