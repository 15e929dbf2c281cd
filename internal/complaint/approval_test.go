package complaint

import (
	"testing"
	"time"

	"github.com/klacht/klacht/internal/fault"
)

func TestApprovalRuleNeeds(t *testing.T) {
	c := Complaint{Category: "privacy"}
	for _, tc := range []struct {
		name  string
		rule  ApprovalRule
		flags []string
		via   string
		want  bool
	}{
		{"off", ApprovalRule{}, []string{"legal"}, ToldByEmail, false},
		{"all, by e-mail", ApprovalRule{Mode: ApprovalAll}, nil, ToldByEmail, true},
		{"all, by letter", ApprovalRule{Mode: ApprovalAll}, nil, ToldByLetter, true},
		{"all, by phone: already told", ApprovalRule{Mode: ApprovalAll}, nil, ToldByPhone, false},
		{"flagged, with a flag", ApprovalRule{Mode: ApprovalFlagged}, []string{"legal"}, ToldByEmail, true},
		{"flagged, none", ApprovalRule{Mode: ApprovalFlagged}, nil, ToldByEmail, false},
		{"flagged, a chosen category", ApprovalRule{Mode: ApprovalFlagged, Categories: []string{"privacy"}}, nil, ToldByEmail, true},
		{"flagged, another category", ApprovalRule{Mode: ApprovalFlagged, Categories: []string{"financial"}}, nil, ToldByEmail, false},
	} {
		if got := tc.rule.Needs(c, tc.flags, tc.via); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestApproveAndSendBack(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	c := Complaint{Status: InProgress, Complainant: Complainant{Email: "jan@example.nl"}}
	if _, _, err := (Complaint{Status: Registered, Complainant: c.Complainant}).RequestApproval(
		Told{Via: ToldByEmail, Summary: "x"}, 1, now); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("a draft on a complaint not in progress: %v", err)
	}
	d, ev, err := c.RequestApproval(Told{Via: ToldByEmail, Summary: " Opgelost. "}, 1, now)
	if err != nil || ev.Kind != EventApprovalAsked || d.Summary != "Opgelost." || d.DraftedBy != 1 {
		t.Fatalf("draft = %+v %+v %v", d, ev, err)
	}
	if _, _, err := c.RequestApproval(Told{Via: ToldByEmail}, 1, now); err == nil {
		t.Error("a draft without an outcome")
	}
	if _, _, err := d.Approve(c, 1, now); fault.CodeOf(err) != fault.Forbidden {
		t.Errorf("approved by its writer: %v", err)
	}
	if _, err := d.SendBack("", 2, now); err == nil {
		t.Error("sent back without a note")
	}
	later := now.Add(5 * time.Hour)
	next, events, err := d.Approve(c, 2, later)
	if err != nil || next.Status != Handled || len(events) != 2 || events[0].Kind != EventApproved ||
		events[0].Data["waited_hours"] != 5.0 || next.Outcome != "Opgelost." {
		t.Errorf("approve = %+v %+v %v", next, events, err)
	}
}
