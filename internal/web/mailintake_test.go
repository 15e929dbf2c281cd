package web

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/intake"
	"github.com/klacht/klacht/internal/intake/imaptest"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestSharedMessageIDIsNoIdentity: different mails with one
// Message-ID are each taken in; the same message twice is one complaint
// and one "taken in before" entry; every read is in the intake log (page,
// API, /metrics).
func TestSharedMessageIDIsNoIdentity(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		mail := func(body string) []byte {
			return []byte(
				"From: a@example.nl\r\nTo: klachten@example.nl\r\nSubject: Klacht\r\nMessage-ID: <zelfde@example.nl>\r\n\r\n" + body + "\r\n",
			)
		}
		for _, raw := range [][]byte{mail("Eerste."), mail("Tweede."), mail("Eerste."), []byte("geen e-mail"), []byte("geen e-mail")} {
			if err := e.srv.App.TakeMail(ctx, intake.Mail{Raw: raw, Mailbox: "INBOX/1/1"}); err != nil {
				t.Fatal(err)
			}
		}
		counts, err := e.store.IntakeCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{
			store.OutcomeComplaint:  2,
			store.OutcomeAddition:   0,
			store.OutcomeQuarantine: 1,
			store.OutcomeDuplicate:  2,
		}
		for k, v := range want {
			if counts[k] != v {
				t.Errorf("%s = %d, want %d (all: %v)", k, counts[k], v, counts)
			}
		}
		if e.count() != 2 {
			t.Errorf("%d complaints, want 2", e.count())
		}
		page := string(e.page("/mail/intake", auth.RoleCoordinator).Body)
		for _, s := range []string{"Nieuwe klacht (2)", "Al eerder binnengekomen (2)", "Quarantaine (1)", "zelfde@example.nl"} {
			if !strings.Contains(page, s) {
				t.Errorf("intake page lacks %q", s)
			}
		}
		res := e.api("GET", "/api/v1/mail/intake?outcome=duplicate", auth.RoleCoordinator, nil)
		var body struct {
			Items  []store.IntakeEntry
			Counts map[string]int
		}
		if err := json.Unmarshal(res.Body, &body); err != nil || res.Status != 200 || len(body.Items) != 2 ||
			body.Counts["duplicate"] != 2 {
			t.Errorf("API = %d %s", res.Status, res.Body)
		}
		if res := e.api("GET", "/api/v1/mail/intake?outcome=weg", auth.RoleCoordinator, nil); res.Status != 422 ||
			!strings.Contains(string(res.Body), `"outcome"`) {
			t.Errorf("a bad outcome = %d %s", res.Status, res.Body)
		}
		metrics := string(e.api("GET", "/metrics", auth.RoleAdmin, nil).Body)
		if !strings.Contains(metrics, `klacht_mail_intake{outcome="duplicate"} 2`) {
			t.Errorf("/metrics lacks the intake counts")
		}
		for _, role := range []auth.Role{auth.RoleManager, auth.RoleBoard, auth.RoleCampaignLead, auth.RoleAgent} {
			if res := e.page("/mail/quarantine", role); res.Status != 403 {
				t.Errorf("%s opens the quarantine: %d", role, res.Status)
			}
		}
	})
}

// TestReceivedIsWhenTheMailboxGotIt: a mail dated 2003 that
// the mailbox got today is received today, not overdue, in this quarter;
// its Date is kept and shown as "sent".
func TestReceivedIsWhenTheMailboxGotIt(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		box := imaptest.Start(t)
		got := e.clock.Now().Add(-2 * time.Hour).Truncate(time.Second)
		box.AppendAt(
			[]byte("From: oud@example.nl\r\nTo: klachten@example.nl\r\nSubject: Oude datum\r\nMessage-ID: <oud@example.nl>\r\n"+
				"Date: Wed, 12 Mar 2003 10:00:00 +0100\r\n\r\nMijn klok staat verkeerd.\r\n"),
			got,
		)
		if n, err := newPoller(box, e.srv.App.TakeMail).Tick(ctx); err != nil || n != 1 {
			t.Fatalf("poll: %d, %v", n, err)
		}
		list, _, _ := e.store.ListComplaints(ctx, store.Filter{}, store.SortReceivedAsc, 5, nil)
		if len(list) != 1 {
			t.Fatalf("%d complaints", len(list))
		}
		c := list[0]
		if !c.ReceivedAt.Equal(got) || c.Overdue(e.clock.Now()) {
			t.Errorf("received %v (want %v), overdue %v", c.ReceivedAt, got, c.Overdue(e.clock.Now()))
		}
		if n, _ := e.store.CountComplaints(ctx, store.Filter{Overdue: true, Now: e.clock.Now()}); n != 0 {
			t.Errorf("%d overdue", n)
		}
		page := string(e.page("/complaints/"+c.Reference, auth.RoleAgent).Body)
		if !strings.Contains(page, "Verzonden volgens de afzender: 12-03-2003 10:00") {
			t.Errorf("the page does not show the sender's date as sent")
		}
		// Without a date from the server, received is the moment of intake.
		raw := []byte("From: b@example.nl\r\nSubject: x\r\nDate: Wed, 12 Mar 2003 10:00:00 +0100\r\n\r\nTekst.\r\n")
		if err := e.srv.App.TakeMail(ctx, intake.Mail{Raw: raw}); err != nil {
			t.Fatal(err)
		}
		list, _, _ = e.store.ListComplaints(ctx, store.Filter{}, store.SortReceivedDesc, 1, nil)
		if !list[0].ReceivedAt.Equal(e.clock.Now().Truncate(time.Microsecond)) {
			t.Errorf("received %v, want the moment of intake %v", list[0].ReceivedAt, e.clock.Now())
		}
	})
}

// TestUnkeptPartsOnTheTimeline: a file that cannot be kept is
// named on the timeline with why, in words; a file of a type forms refuse
// is kept, for download only.
func TestUnkeptPartsOnTheTimeline(t *testing.T) {
	eachDialect(t, testUnkeptParts)
}

func testUnkeptParts(t *testing.T, e *testEnv) {
	ctx := store.System(context.Background())
	raw := "From: a@example.nl\r\nSubject: Bijlagen\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nZie bijlagen.\r\n" +
		"--b\r\nContent-Type: application/pdf; name=\"kapot.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!\r\n" +
		"--b\r\nContent-Type: application/vnd.ms-excel; name=\"=?utf-8?q?overzicht_=E2=82=AC.xls?=\"\r\nContent-Transfer-Encoding: base64\r\n\r\n0M8R4KGxGuEAAAAA\r\n" +
		"--b--\r\n"
	if err := e.srv.App.TakeMail(ctx, intake.Mail{Raw: []byte(raw)}); err != nil {
		t.Fatal(err)
	}
	list, _, _ := e.store.ListComplaints(ctx, store.Filter{}, store.SortReceivedAsc, 5, nil)
	if len(list) != 1 || strings.Contains(list[0].Description, "kapot") {
		t.Fatalf("complaints %+v", list)
	}
	atts, _ := e.store.Attachments(ctx, list[0].ID)
	if len(atts) != 1 || atts[0].Filename != "overzicht.xls" || atts[0].ContentType != "application/octet-stream" {
		t.Errorf("attachments %+v", atts)
	}
	page := string(e.page("/complaints/"+list[0].Reference, auth.RoleAgent).Body)
	if want := "kapot.pdf: onleesbaar, niet bewaard"; !strings.Contains(page, want) {
		t.Errorf("the timeline does not say %q", want)
	}
	events, _ := e.store.Timeline(ctx, list[0].ID)
	if events[0].Kind != complaint.EventRegistered || events[0].Data["not_kept"] == nil {
		t.Errorf("registered event %+v", events[0])
	}
}

// TestReplyToOwnMailJoinsThread: a reply quoting the complainant's own
// earlier mail joins its complaint; a stranger quoting the same
// Message-ID starts a complaint of their own.
func TestReplyToOwnMailJoinsThread(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		for _, raw := range []string{
			"From: a@example.nl\r\nSubject: Klacht\r\nMessage-ID: <eerste@example.nl>\r\n\r\nEerste mail.\r\n",
			"From: a@example.nl\r\nSubject: Re: Klacht\r\nMessage-ID: <tweede@example.nl>\r\nIn-Reply-To: <eerste@example.nl>\r\n\r\nNog iets.\r\n",
			"From: b@example.nl\r\nSubject: Re: Klacht\r\nMessage-ID: <derde@example.nl>\r\nIn-Reply-To: <eerste@example.nl>\r\n\r\nIk ook.\r\n",
		} {
			if err := e.srv.App.TakeMail(ctx, intake.Mail{Raw: []byte(raw)}); err != nil {
				t.Fatal(err)
			}
		}
		counts, _ := e.store.IntakeCounts(ctx)
		if counts[store.OutcomeComplaint] != 2 || counts[store.OutcomeAddition] != 1 {
			t.Errorf("outcomes %v, want 2 complaints and 1 addition", counts)
		}
	})
}

// TestMailWithoutAnOther: where unclassified mail goes is the
// profile's choice; a profile that marks no category so still takes mail in.
func TestMailWithoutAnOther(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		if err := storetest.Exec(t, e.store, `UPDATE categories SET unclassified = 0`); err != nil {
			t.Fatal(err)
		}
		if err := storetest.Exec(t, e.store, `UPDATE categories SET unclassified = 1 WHERE key = 'conduct'`); err != nil {
			t.Fatal(err)
		}
		p, err := e.store.LoadProfile(ctx)
		if err != nil {
			t.Fatal(err)
		}
		a, err := app.New(app.Config{Store: e.store, Profile: p, Now: e.clock.Now, BaseURL: "http://klacht.test"})
		if err != nil {
			t.Fatal(err)
		}
		raw := []byte("From: a@example.nl\r\nTo: klachten@example.nl\r\nSubject: Klacht\r\n\r\nGeen soort genoemd.\r\n")
		if err := a.TakeMail(ctx, intake.Mail{Raw: raw, Mailbox: "INBOX/1/1"}); err != nil {
			t.Fatal(err)
		}
		list, _, err := e.store.ListComplaints(ctx, store.Filter{}, store.SortReceivedDesc, 10, nil)
		if err != nil || len(list) != 1 || list[0].Category != "conduct" {
			t.Fatalf("complaints %+v, %v; want one of the profile's unclassified category", list, err)
		}
	})
}
