package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/intake"
	"github.com/klacht/klacht/internal/intake/imaptest"
	"github.com/klacht/klacht/internal/store"
)

func newPoller(box *imaptest.Server, deliver intake.Deliver) *intake.Poller {
	return &intake.Poller{
		Config: intake.IMAPConfig{Addr: box.Addr, Username: box.Username, Password: box.Password, TLS: box.Client,
			Security: box.Security},
		Deliver: deliver, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

// TestMailboxIntake is P3.3's acceptance against a real IMAP server: a
// mail becomes a complaint within one poll; polling again makes nothing
// new; a crash before the commit loses nothing; a reply with the reference
// in its subject joins its complaint; mail to the forwarding address goes
// to the coordinator.
func TestMailboxIntake(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		box := imaptest.Start(t)
		e.forwardTo("doorsturen@example.nl")
		p := newPoller(box, e.srv.App.TakeMail)

		box.Append(
			[]byte("From: Els de Boer <els@example.nl>\r\nTo: service@example.nl\r\nSubject: Magazine niet ontvangen\r\n" +
				"Message-ID: <m1@example.nl>\r\nDate: Mon, 02 Mar 2026 08:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAl drie maanden geen blad.\r\n"),
		)
		if n, err := p.Tick(ctx); err != nil || n != 1 {
			t.Fatalf("first poll: %d, %v", n, err)
		}
		list, _, _ := e.store.ListComplaints(ctx, store.Filter{}, store.SortReceivedAsc, 10, nil)
		if len(list) != 1 || list[0].Channel != "email" || list[0].Complainant.Email != "els@example.nl" ||
			list[0].Complainant.Name != "Els de Boer" || !strings.Contains(list[0].Description, "Al drie maanden") {
			t.Fatalf("complaint = %+v", list)
		}
		ref := list[0].Reference
		if n, _ := p.Tick(ctx); n != 0 || e.count() != 1 || box.Unseen() != 0 {
			t.Errorf("second poll took %d, %d complaints, %d unseen", n, e.count(), box.Unseen())
		}

		// Killed between fetching and committing: the delivery fails, the
		// mail stays unseen, and the next poll takes it in once.
		box.Append(
			[]byte(
				"From: jan@example.nl\r\nTo: service@example.nl\r\nSubject: Straatwerver\r\nMessage-ID: <m2@example.nl>\r\n\r\nOpdringerig.\r\n",
			),
		)
		crash := newPoller(box, func(context.Context, intake.Mail) error { return errors.New("killed") })
		crash.Tick(ctx)
		if e.count() != 1 || box.Unseen() != 1 {
			t.Fatalf("after the crash: %d complaints, %d unseen", e.count(), box.Unseen())
		}
		// Killed after committing, before marking: delivered twice, stored once.
		raw3 := []byte(
			"From: kim@example.nl\r\nTo: service@example.nl\r\nSubject: Privacy\r\nMessage-ID: <m3@example.nl>\r\n\r\nMijn gegevens.\r\n",
		)
		if err := e.srv.App.TakeMail(ctx, intake.Mail{Raw: raw3}); err != nil {
			t.Fatal(err)
		}
		box.Append(raw3)
		if n, err := p.Tick(ctx); err != nil || n != 2 || e.count() != 3 || box.Unseen() != 0 {
			t.Fatalf("after restart: took %d (%v), %d complaints, %d unseen", n, err, e.count(), box.Unseen())
		}

		// A reply with the reference joins its complaint.
		box.Append(
			[]byte(
				"From: els@example.nl\r\nTo: service@example.nl\r\nSubject: Re: Uw klacht " + ref + " is ontvangen\r\nMessage-ID: <m4@example.nl>\r\n\r\nHet gaat om De Vrije Natuur.\r\n",
			),
		)
		// Mail to the forwarding address goes to the coordinator (P3.2).
		box.Append(
			[]byte(
				"From: Campagnes <campagnes@example.nl>\r\nTo: doorsturen@example.nl\r\nSubject: Klacht via telefoon campagne\r\nMessage-ID: <m5@example.nl>\r\n\r\nMevrouw belde boos.\r\n",
			),
		)
		if n, err := p.Tick(ctx); err != nil || n != 2 {
			t.Fatalf("reply poll: %d, %v", n, err)
		}
		c, _ := e.store.Complaint(ctx, ref)
		events, _ := e.store.Timeline(ctx, c.ID)
		last := events[len(events)-1]
		if last.Kind != complaint.EventEmailReceived || !strings.Contains(last.Data["text"].(string), "De Vrije Natuur") {
			t.Errorf("reply not on the timeline: %+v", last)
		}
		if e.count() != 4 {
			t.Errorf("%d complaints; the reply should not make one", e.count())
		}
		fwd, _, _ := e.store.ListComplaints(ctx, store.Filter{Query: "campagne"}, store.SortReceivedAsc, 5, nil)
		if len(fwd) != 1 || fwd[0].AssigneeID != e.users[auth.RoleCoordinator].ID {
			t.Errorf("forwarded mail = %+v", fwd)
		}
	})
}

// TestHostileMail: every broken or hostile mail ends as a complaint or in
// the quarantine; nothing crashes; no script reaches a page.
func TestHostileMail(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	ctx := store.System(context.Background())
	corpus := imaptest.HostileCorpus()
	if len(corpus) < 30 {
		t.Fatalf("corpus has %d mails, want at least 30", len(corpus))
	}
	for name, raw := range corpus {
		if err := e.srv.App.TakeMail(ctx, intake.Mail{Raw: raw}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	quarantined, _ := e.store.QuarantineList(ctx)
	complaints := e.count()
	var additions int
	list, _, _ := e.store.ListComplaints(ctx, store.Filter{}, store.SortReceivedAsc, 200, nil)
	for _, c := range list {
		events, _ := e.store.Timeline(ctx, c.ID)
		for _, ev := range events {
			if ev.Kind == complaint.EventEmailReceived {
				additions++
			}
		}
		page := string(e.page("/complaints/"+c.Reference, auth.RoleAgent).Body)
		if strings.Contains(strings.ToLower(page), "<script>") || strings.Contains(page, "onerror=") {
			t.Errorf("%s: a page shows mail HTML", c.Reference)
		}
	}
	if got := complaints + len(quarantined) + additions; got != len(corpus) {
		t.Errorf(
			"%d complaints + %d quarantined + %d additions = %d, want %d",
			complaints,
			len(quarantined),
			additions,
			got,
			len(corpus),
		)
	}
	if len(quarantined) < 4 {
		t.Errorf("only %d mails quarantined", len(quarantined))
	}
	// Delivering the whole corpus again changes nothing.
	for _, raw := range corpus {
		e.srv.App.TakeMail(ctx, intake.Mail{Raw: raw})
	}
	if e.count() != complaints {
		t.Errorf("second delivery made %d more complaints", e.count()-complaints)
	}
}

func TestReplyAndQuarantineUI(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	ctx := store.System(context.Background())
	c := e.mustCreate(validComplaint())
	path := "/complaints/" + c.Reference + "/reply"
	if res := e.form(path, auth.RoleAgent, url.Values{"subject": {""}, "body": {""}}); res.Status != 422 ||
		!strings.Contains(string(res.Body), `id="f-body-error"`) {
		t.Fatalf("empty reply = %d", res.Status)
	}
	if res := e.form(path, auth.RoleAgent, url.Values{"subject": {"Vraag"}, "body": {"Welk nummer belde u?"}}); res.Status != 303 {
		t.Fatalf("reply = %d %s", res.Status, res.Body)
	}
	msgs, _ := e.store.ComplaintMessages(ctx, mustID(t, e, c.Reference))
	reply := msgs[len(msgs)-1]
	if reply.Kind != "reply" || reply.Subject != "["+c.Reference+"] Vraag" || !strings.Contains(reply.Body, "/status/") {
		t.Fatalf("reply in outbox = %+v", reply)
	}
	// The complainant answers; it joins the complaint.
	answer := "From: jan@example.nl\r\nTo: service@example.nl\r\nSubject: Re: " + reply.Subject + "\r\nMessage-ID: <a1@example.nl>\r\n" +
		"In-Reply-To: <klacht-outbox-" + itoa(
		reply.ID,
	) + "@klacht.test>\r\n\r\n06-12345678\r\n"
	if err := e.srv.App.TakeMail(ctx, intake.Mail{Raw: []byte(answer)}); err != nil {
		t.Fatal(err)
	}
	if e.count() != 1 {
		t.Errorf("the answer made a new complaint")
	}
	page := string(e.page("/complaints/"+c.Reference, auth.RoleAgent).Body)
	if !strings.Contains(page, "06-12345678") || !strings.Contains(page, "stuurde een e-mail") {
		t.Error("the timeline lacks the reply or the answer")
	}
	// The quarantine shows unreadable mail, offers it raw, and clears.
	e.srv.App.TakeMail(ctx, intake.Mail{Raw: []byte("not a mail at all")})
	q := string(e.page("/mail/quarantine", auth.RoleCoordinator).Body)
	if !strings.Contains(q, "/raw") {
		t.Fatal("quarantine page lists nothing")
	}
	items, _ := e.store.QuarantineList(ctx)
	raw := e.page("/mail/quarantine/"+itoa(items[0].ID)+"/raw", auth.RoleCoordinator)
	if string(raw.Body) != "not a mail at all" || !strings.HasPrefix(raw.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("raw = %q %v", raw.Body, raw.Header)
	}
	if res := e.form("/mail/quarantine/"+itoa(items[0].ID)+"/resolve", auth.RoleCoordinator, url.Values{}); res.Status != 303 {
		t.Errorf("resolve = %d", res.Status)
	}
	if items, _ := e.store.QuarantineList(ctx); len(items) != 0 {
		t.Errorf("%d left after resolving", len(items))
	}
}
