package report

import (
	"reflect"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/complaint"
)

func TestDuplicates(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	mk := func(id int64, ref, member, email, category, text string, days int) complaint.Complaint {
		return complaint.Complaint{
			ID:          id,
			Reference:   ref,
			Category:    category,
			Description: text,
			ReceivedAt:  t0.AddDate(0, 0, days),
			Complainant: complaint.Complainant{MemberNumber: member, Email: email},
		}
	}
	c := mk(
		1,
		"K-2026-00010",
		"123456",
		"jan@example.nl",
		"telemarketing",
		"Ik word elke week gebeld door jullie belbureau, ook 's avonds.",
		0,
	)
	cands := []complaint.Complaint{
		c, // itself
		mk(2, "K-2026-00002", "123456", "", "financial", "Dubbel afgeschreven", -3),
		mk(3, "K-2026-00003", "", "JAN@example.nl", "telemarketing", "Ik word elke week gebeld door jullie belbureau.", -1),
		mk(
			4,
			"K-2026-00004",
			"999",
			"piet@example.nl",
			"telemarketing",
			"Elke week gebeld door het belbureau, ook 's avonds!",
			-10,
		),
		mk(5, "K-2026-00005", "999", "piet@example.nl", "telemarketing", "De straatwerver was onbeleefd tegen mij.", -2),
		func() complaint.Complaint {
			x := mk(6, "K-2026-00006", "123456", "", "telemarketing", "x", -1)
			x.MergedInto = "K-2026-00003"
			return x
		}(),
	}
	got := Duplicates(c, cands)
	var refs []string
	var reasons [][]string
	for _, d := range got {
		refs, reasons = append(refs, d.Reference), append(reasons, d.Reasons)
	}
	if want := []string{"K-2026-00003", "K-2026-00002", "K-2026-00004"}; !reflect.DeepEqual(refs, want) {
		t.Fatalf("duplicates = %v, want %v", refs, want)
	}
	if want := [][]string{{"email", "text"}, {"member_number"}, {"text"}}; !reflect.DeepEqual(reasons, want) {
		t.Errorf("reasons = %v, want %v", reasons, want)
	}
}
