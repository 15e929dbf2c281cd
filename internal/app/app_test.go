package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/intake"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestAComplaintsLife runs the use cases one after the other, as the web,
// the mailbox and the jobs call them, on both databases: registration
// with its acknowledgement, the term paused with a question, the
// complainant's answer by mail starting it again, handling, the rating,
// an appeal and the board's decision.
func TestAComplaintsLife(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := store.System(context.Background())
			p, err := s.LoadProfile(ctx)
			if err != nil {
				t.Fatal(err)
			}
			now := storetest.T0
			a, err := New(Config{Store: s, Profile: p, Now: func() time.Time { return now }, BaseURL: "http://klacht.test/"})
			if err != nil {
				t.Fatal(err)
			}
			agent := storetest.MustUser(t, s, "bea@example.nl", auth.RoleAgent)
			board := storetest.MustUser(t, s, "bob@example.nl", auth.RoleBoard)
			d := storetest.Draft("Jansen")
			d.Complainant.Email = "jan@example.nl"
			c, replayed, err := a.Register(ctx, agent, d, Registration{})
			if err != nil || replayed || c.Team == "" {
				t.Fatalf("register = %+v, %v, %v", c, replayed, err)
			}
			if c, err = a.Transition(ctx, agent, c.Reference, complaint.InProgress, ""); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Transition(ctx, agent, c.Reference, complaint.Handled, ""); fault.CodeOf(err) != fault.Invalid {
				t.Errorf("handled by a bare status change: %v", err)
			}
			if c, err = a.Pause(ctx, agent, c.Reference, "Op welk nummer werd u gebeld?"); err != nil || !c.Paused() {
				t.Fatalf("pause = %v, %v", c.Paused(), err)
			}
			now = now.Add(48 * time.Hour)
			reply := "From: jan@example.nl\r\nTo: klachten@example.nl\r\nSubject: Re: [" + c.Reference + "] vraag\r\n\r\nOp 06-12345678.\r\n"
			if err := a.TakeMail(ctx, intake.Mail{Raw: []byte(reply), Mailbox: "INBOX/1/1"}); err != nil {
				t.Fatal(err)
			}
			if c, err = s.Complaint(ctx, c.Reference); err != nil || c.Paused() || c.PausedFor != 48*time.Hour {
				t.Fatalf("after the answer: paused %v for %v, %v", c.Paused(), c.PausedFor, err)
			}
			told := complaint.Told{Via: complaint.ToldByEmail, Summary: "Het bureau belt u niet meer."}
			if c, err = a.Handle(ctx, agent, c.Reference, told); err != nil || c.Status != complaint.Handled {
				t.Fatalf("handle = %v, %v", c.Status, err)
			}
			if err := a.Rate(ctx, c.ID, 4, "Snel geholpen."); err != nil {
				t.Fatal(err)
			}
			if err := a.Rate(ctx, c.ID, 5, ""); fault.CodeOf(err) != fault.Conflict {
				t.Errorf("rated twice: %v", err)
			}
			ap, err := a.FileAppeal(ctx, auth.User{}, c.Reference, "Ik ben het er niet mee eens.")
			if err != nil || !ap.DueAt.Equal(complaint.DueAt(now, p.AppealDays, p.Location())) {
				t.Fatalf("appeal = %+v, %v", ap, err)
			}
			if ap, err = a.DecideAppeal(ctx, board, ap.ID, complaint.Rejected, "De afhandeling was zorgvuldig."); err != nil || ap.Open() {
				t.Fatalf("decide = %+v, %v", ap, err)
			}
			msgs, err := s.ComplaintMessages(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, m := range msgs {
				kinds = append(kinds, m.Kind)
			}
			want := []string{string(notify.Acknowledgement), string(notify.Question), string(notify.Outcome),
				string(notify.AppealAck), string(notify.AppealDecision)}
			if len(kinds) != len(want) {
				t.Fatalf("messages %v, want %v", kinds, want)
			}
			for i := range want {
				if kinds[i] != want[i] {
					t.Errorf("message %d is %s, want %s", i, kinds[i], want[i])
				}
			}
			if body := msgs[0].Body; !strings.Contains(body, "http://klacht.test/status/") {
				t.Errorf("the acknowledgement has no status link under the base URL without its slash:\n%s", body)
			}
		})
	}
}
