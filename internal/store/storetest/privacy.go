package storetest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/store"
)

// testPrivacy: a person's complaints are found by e-mail, member number,
// name or address; pseudonymising them removes name, address, contact,
// text, attachments and the personal content of the timeline, keeps
// every figure of the evaluation as it was, and is audited; retention
// reaches closed complaints older than the cut-off only.
func testPrivacy(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "max@example.nl", auth.RoleAgent)
	jan := func(d complaint.Draft) complaint.Draft {
		d.Complainant = complaint.Complainant{
			MemberNumber: "77001",
			Name:         "Jan Jansen",
			Address:      "Damrak 1",
			Postcode:     "1012 LG",
			City:         "Amsterdam",
			Email:        "Jan@Example.nl",
		}
		return d
	}
	a := MustComplaint(t, s, u, jan(Draft("A")), T0)
	noPhone := jan(Draft("B"))
	noPhone.Complainant.Email, noPhone.Complainant.Phone, noPhone.Complainant.Address = "", "06-12345678", ""
	b := MustComplaint(t, s, u, noPhone, T0)
	other := MustComplaint(t, s, u, Draft("Els"), T0)
	att, err := complaint.NewAttachment(
		"file",
		"brief.pdf",
		[]byte("%PDF-1.4 Jan Jansen"),
		"application/pdf",
		"upload",
		T0,
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateComplaint(ctx, a.Reference, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		note, err := complaint.NewNote("Jan Jansen belde terug over Damrak 1", u.ID, T0)
		note.Attach = []complaint.Attachment{att}
		next, moved, _ := c.MoveTo(complaint.InProgress, "", u.ID, T0)
		return next, []complaint.Event{note, moved}, err
	}); err != nil {
		t.Fatal(err)
	}
	from, to := T0.AddDate(0, -1, 0), T0.AddDate(0, 1, 0)
	before, err := s.Figures(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindSubject(ctx, store.SubjectQuery{Email: " jan@example.NL"}); err != nil ||
		!cmp.Equal(got.Complaints, []string{a.Reference}) {
		t.Errorf("find by e-mail = %v, %v", got.Complaints, err)
	}
	for _, q := range []store.SubjectQuery{{MemberNumber: "77001"}, {Name: "jan jansen"}} {
		got, err := s.FindSubject(ctx, q)
		if err != nil || !cmp.Equal(got.Complaints, []string{a.Reference, b.Reference}) {
			t.Errorf("find %+v = %v, %v", q, got.Complaints, err)
		}
	}
	if got, _ := s.FindSubject(ctx, store.SubjectQuery{Postcode: "1012lg", Address: "damrak 1"}); len(
		got.Complaints,
	) != 2 ||
		got.Complaints[0] != a.Reference {
		t.Errorf("find by address = %v (Els lives there too; Jan's second has no address)", got.Complaints)
	}
	for _, bad := range []store.SubjectQuery{{}, {Postcode: "1012 LG"}, {Address: "Damrak 1"}} {
		if _, err := s.FindSubject(ctx, bad); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("find %+v = %v, want invalid", bad, err)
		}
	}
	found, _ := s.FindSubject(ctx, store.SubjectQuery{MemberNumber: "77001"})
	if err := s.Pseudonymise(ctx, found, "erasure", T0); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Complaint(ctx, a.Reference)
	p := got.Complainant
	if p.Name != store.Removed || p.Address != store.Removed || p.Email == "jan@example.nl" ||
		p.MemberNumber != store.Removed ||
		got.Description != store.Removed {
		t.Errorf("after erasure: %+v %q", p, got.Description)
	}
	if gotB, _ := s.Complaint(ctx, b.Reference); gotB.Complainant.Address != "" || gotB.Complainant.Email != "" ||
		gotB.Complainant.Phone != store.Removed {
		t.Errorf("an empty field was filled or a full one kept: %+v", gotB.Complainant)
	}
	if atts, _ := s.Attachments(ctx, a.ID); len(atts) != 0 {
		t.Errorf("%d attachments kept", len(atts))
	}
	events, _ := s.Timeline(ctx, a.ID)
	for _, e := range events {
		if e.Kind == complaint.EventNote && e.Data["text"] != nil {
			t.Errorf("the note's text survived: %v", e.Data)
		}
		if e.Kind == complaint.EventStatusChanged && e.Data["to"] != "in_progress" {
			t.Errorf("a status change lost its data: %v", e.Data)
		}
	}
	if len(events) != 3 {
		t.Errorf("timeline has %d events, want its 3 kept", len(events))
	}
	if again, _ := s.FindSubject(ctx, store.SubjectQuery{Name: "Jan Jansen"}); len(again.Complaints) != 0 {
		t.Errorf("found again after erasure: %v", again.Complaints)
	}
	if untouched, _ := s.Complaint(ctx, other.Reference); untouched.Complainant.Name != "Els" {
		t.Error("someone else's complaint was changed")
	}
	after, err := s.Figures(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("the figures moved with the erasure (-before +after):\n%s", diff)
	}
	if log, _ := s.AuditLog(ctx, store.AuditFilter{Action: "privacy.pseudonymised"}, 10); len(log) != 2 ||
		log[0].Detail != "erasure" {
		t.Errorf("audit of the erasure = %+v", log)
	}
	// Retention: closed before the cut-off, and only those.
	if err := Exec(t, s, `UPDATE complaints SET status = 'closed', closed_at = ? WHERE id = ?`, T0.AddDate(-3, 0, 0), other.ID); err != nil {
		t.Fatal(err)
	}
	due, err := s.RetentionDue(ctx, T0.AddDate(-2, 0, 0), 10)
	if err != nil || !cmp.Equal(due.Complaints, []string{other.Reference}) {
		t.Errorf("retention due = %v, %v", due.Complaints, err)
	}
	if due, _ := s.RetentionDue(ctx, T0.AddDate(-4, 0, 0), 10); len(due.Complaints) != 0 {
		t.Errorf("retention reaches too far: %v", due.Complaints)
	}
}
