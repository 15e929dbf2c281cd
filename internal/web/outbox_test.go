package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/jobs"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/notify/smtptest"
	"github.com/klacht/klacht/internal/store"
)

// TestOutcomeMailThroughSMTP is P5.2's acceptance: an outcome e-mail
// reaches a real SMTP server in the complainant's language with every
// placeholder filled; while the server is down it waits in the outbox and
// it is delivered once the server is back, exactly once.
func TestOutcomeMailThroughSMTP(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		srv := smtptest.Start(t)
		cfg := notify.SMTPConfig{
			Host:     srv.Host(),
			Port:     srv.Port(),
			From:     "Milieudefensie <service@example.nl>",
			Security: "none",
		}
		mailer := &jobs.Mailer{
			Store:  e.store,
			Send:   cfg.Send,
			Now:    e.clock.Now,
			Log:    slog.New(slog.NewTextHandler(io.Discard, nil)),
			Domain: "klacht.test",
		}

		body := validComplaint()
		body["language"] = "en"
		body["complainant"].(map[string]any)["name"] = "Zoë Brontë"
		c := e.mustCreate(body)
		path := "/api/v1/complaints/" + c.Reference
		e.api(http.MethodPost, path+"/transitions", auth.RoleAgent, map[string]any{"status": "in_progress"})

		// The acknowledgement goes out at once.
		if n, err := mailer.Tick(ctx); err != nil || n != 1 {
			t.Fatalf("acknowledgement: sent %d, %v", n, err)
		}
		// The mail server goes down; the outcome waits.
		srv.Stop()
		res := e.api(http.MethodPost, path+"/transitions", auth.RoleAgent, map[string]any{"status": "handled",
			"told": map[string]any{
				"via":       "email",
				"summary":   "We refunded € 12.50 and blocked your number.",
				"satisfied": "yes",
			}})
		if res.Status != 200 {
			t.Fatalf("handle = %d %s", res.Status, res.Body)
		}
		if n, err := mailer.Tick(ctx); err != nil || n != 0 {
			t.Fatalf("tick with the server down: sent %d, %v", n, err)
		}
		msgs, _ := e.store.ComplaintMessages(ctx, mustID(t, e, c.Reference))
		outcome := msgs[len(msgs)-1]
		if outcome.Status != "pending" || outcome.Attempts != 1 || outcome.LastError == "" {
			t.Fatalf("outcome while down = %+v", outcome)
		}
		// Not before its backoff: the next tick leaves it alone.
		srv.Restart()
		if n, _ := mailer.Tick(ctx); n != 0 {
			t.Errorf("retried before the backoff")
		}
		e.clock.Add(jobs.Backoff(1) + time.Second)
		if n, err := mailer.Tick(ctx); err != nil || n != 1 {
			t.Fatalf("after the server is back: sent %d, %v", n, err)
		}
		if n, _ := mailer.Tick(ctx); n != 0 {
			t.Errorf("a delivered mail was sent again")
		}
		got := srv.Messages()
		if len(got) != 2 || !strings.Contains(got[0].Subject, "has been received") {
			t.Fatalf("server received %d mails; want the acknowledgement and the outcome", len(got))
		}
		m := got[1]
		if m.To != "jan@example.nl" || m.Subject != "Your complaint "+c.Reference+" has been handled" {
			t.Errorf("mail to %s: %q", m.To, m.Subject)
		}
		for _, want := range []string{"Dear Zoë Brontë,", c.Reference, "We refunded € 12.50 and blocked your number.", "appeal to the board", e.users[auth.RoleAgent].Name, "Milieudefensie"} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("outcome mail lacks %q:\n%s", want, m.Body)
			}
		}
		if strings.ContainsAny(m.Body, "{}") {
			t.Errorf("an unfilled placeholder is left:\n%s", m.Body)
		}
		// The timeline and the complaint page tell the story.
		id := mustID(t, e, c.Reference)
		events, _ := e.store.Timeline(ctx, id)
		var kinds []string
		for _, ev := range events {
			if strings.HasPrefix(string(ev.Kind), "mail_") {
				kinds = append(kinds, string(ev.Kind))
			}
		}
		if strings.Join(kinds, " ") != "mail_sent mail_retrying mail_sent" {
			t.Errorf("mail events = %v", kinds)
		}
		page := string(e.page("/complaints/"+c.Reference, auth.RoleAgent).Body)
		if !strings.Contains(page, "Per e-mail geïnformeerd") || strings.Count(page, "verzonden") < 2 {
			t.Errorf("detail page does not show the outcome and the sent messages")
		}
	})
}

func mustID(t *testing.T, e *testEnv, ref string) int64 {
	t.Helper()
	c, err := e.store.Complaint(store.System(context.Background()), ref)
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func TestHandleBadInputWritesNothing(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	body := validComplaint()
	delete(body["complainant"].(map[string]any), "email")
	c := e.mustCreate(body)
	path := "/api/v1/complaints/" + c.Reference + "/transitions"
	e.api(http.MethodPost, path, auth.RoleAgent, map[string]any{"status": "in_progress"})
	for _, tc := range []struct {
		told  map[string]any
		field string
	}{
		{map[string]any{"via": "email", "summary": "x"}, "told.via"},
		{map[string]any{"via": "pigeon", "summary": "x"}, "told.via"},
		{map[string]any{"via": "phone", "summary": ""}, "told.summary"},
		{map[string]any{"via": "phone", "summary": "x", "satisfied": "maybe"}, "told.satisfied"},
		{map[string]any{"via": "phone", "summary": "x", "at": "yesterday"}, "told.at"},
	} {
		wantProblem(
			t,
			e.api(http.MethodPost, path, auth.RoleAgent, map[string]any{"status": "handled", "told": tc.told}),
			422,
			tc.field,
		)
	}
	got, _ := e.store.Complaint(store.System(context.Background()), c.Reference)
	if got.Status != complaint.InProgress || got.ToldVia != "" {
		t.Errorf("bad input changed the complaint: %s %q", got.Status, got.ToldVia)
	}
	// By letter: queued for the next print run.
	res := e.api(
		http.MethodPost,
		path,
		auth.RoleAgent,
		map[string]any{"status": "handled", "told": map[string]any{"via": "letter", "summary": "Opgelost."}},
	)
	if res.Status != 200 {
		t.Fatalf("handle by letter = %d %s", res.Status, res.Body)
	}
	letters, _ := e.store.PendingLetters(store.System(context.Background()))
	if len(letters) != 1 || letters[0].Reference != c.Reference || letters[0].Address[0] != "Jan Jansen" {
		t.Errorf("pending letters = %+v", letters)
	}
}

// TestLateRegistrationAcknowledgement: a complaint registered
// after its term has passed is acknowledged without a promise of a date
// already gone.
func TestLateRegistrationAcknowledgement(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	body := validComplaint()
	body["channel"], body["received_at"] = "post", "2026-02-01T08:00:00Z"
	c := e.mustCreate(body)
	msgs, err := e.store.ComplaintMessages(store.System(context.Background()), mustID(t, e, c.Reference))
	if err != nil || len(msgs) != 1 {
		t.Fatalf("messages %+v, %v", msgs, err)
	}
	if m := msgs[0]; m.Kind != "acknowledgement_late" || !strings.Contains(m.Body, "1 februari 2026") ||
		!strings.Contains(m.Body, "al voorbij") || strings.Contains(m.Body, "streven ernaar") {
		t.Errorf("acknowledgement = %s\n%s", m.Kind, m.Body)
	}
}
