package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/intake"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
)

// TestTermPause: the handler pauses the term with a question; meanwhile
// the complaint is never overdue; the status page shows the question;
// the complainant's answer there starts the clock again with the term's
// end moved by the pause; the evaluation reports the paused time apart;
// bad input and a switched-off profile are refused.
func TestTermPause(t *testing.T) {
	eachDialect(t, testTermPause)
}

func testTermPause(t *testing.T, e *testEnv) {
	ctx := store.System(context.Background())
	c := e.mustCreate(validComplaint())
	msgs, err := e.store.ComplaintMessages(ctx, mustID(t, e, c.Reference))
	if err != nil || len(msgs) == 0 {
		t.Fatalf("messages = %v, %v", msgs, err)
	}
	link := regexp.MustCompile(`http://klacht\.test(/status/[A-Za-z0-9_-]+)`).FindStringSubmatch(msgs[0].Body)
	if link == nil {
		t.Fatalf("no status link in %q", msgs[0].Body)
	}
	path := "/api/v1/complaints/" + c.Reference
	wantProblem(t, e.api(http.MethodPost, path+"/pause", auth.RoleAgent, map[string]any{"reason": " "}), 422, "reason")
	wantProblem(t, e.api(http.MethodPost, path+"/resume", auth.RoleAgent, nil), 409, "")
	if res := e.form("/complaints/"+c.Reference+"/pause", auth.RoleAgent, url.Values{"pause_reason": {""}}); res.Status != 422 ||
		!strings.Contains(string(res.Body), `id="f-pause_reason-error"`) {
		t.Errorf("empty question on the page = %d", res.Status)
	}

	question := "Wilt u ons het lidnummer sturen waarop u gebeld bent?"
	res := e.api(http.MethodPost, path+"/pause", auth.RoleAgent, map[string]any{"reason": question})
	var v api.ComplaintView
	res.JSON(t, &v)
	if res.Status != 200 || v.PausedAt == nil {
		t.Fatalf("pause = %d %s", res.Status, res.Body)
	}
	wantProblem(t, e.api(http.MethodPost, path+"/pause", auth.RoleAgent, map[string]any{"reason": question}), 409, "")

	// Five days stand still, well past the term's end: not overdue.
	e.clock.Add(20 * 24 * time.Hour)
	if n, _ := e.store.CountComplaints(ctx, store.Filter{Overdue: true, Now: e.clock.Now()}); n != 0 {
		t.Errorf("a paused complaint counts as overdue (%d)", n)
	}
	status := string(e.page(link[1], "").Body)
	if !strings.Contains(status, "We wachten op uw antwoord") || !strings.Contains(status, question) {
		t.Fatal("the status page does not show the question")
	}
	if res := e.publicPost(link[1]+"/add", url.Values{"text": {"Mijn lidnummer is 123456."}}, nil); res.Status != http.StatusSeeOther {
		t.Fatalf("answer = %d %s", res.Status, res.Body)
	}
	res = e.api(http.MethodGet, path, auth.RoleAgent, nil)
	var after api.ComplaintView
	res.JSON(t, &after)
	if after.PausedAt != nil || after.PausedHours < 20*24 || !after.DueAt.After(c.DueAt.Add(20*24*time.Hour-time.Minute)) {
		t.Errorf(
			"after the answer: paused %v, %.1f h, due %v (was %v)",
			after.PausedAt,
			after.PausedHours,
			after.DueAt,
			c.DueAt,
		)
	}
	if strings.Contains(string(e.page(link[1], "").Body), "We wachten op uw antwoord") {
		t.Error("the status page still asks")
	}
	timeline := string(e.page("/complaints/"+c.Reference, auth.RoleAgent).Body)
	for _, w := range []string{"zette de termijn stil", question, "de termijn loopt weer"} {
		if !strings.Contains(timeline, w) {
			t.Errorf("timeline lacks %q", w)
		}
	}
	ev, err := report.Quarterly(ctx, e.store, report.Quarter{Year: 2026, Q: 1}, e.srv.Profile().Location(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if col := ev.Columns[0]; col.Paused != 1 || col.PausedDays < 20 {
		t.Errorf("evaluation: paused %d, %.1f days", col.Paused, col.PausedDays)
	}

	// Paused again, the complainant's e-mail answers: the term runs again.
	if res := e.api(http.MethodPost, path+"/pause", auth.RoleAgent, map[string]any{"reason": "En op welk nummer?"}); res.Status != 200 {
		t.Fatalf("second pause = %d", res.Status)
	}
	mail := "From: jan@example.nl\r\nTo: service@example.nl\r\nSubject: Re: [" + c.Reference + "] Vraag\r\nMessage-ID: <pause-1@example.nl>\r\n\r\nHet was 06-12345678.\r\n"
	if err := e.srv.App.TakeMail(ctx, intake.Mail{Raw: []byte(mail)}); err != nil {
		t.Fatal(err)
	}
	if cur, _ := e.store.Complaint(ctx, c.Reference); cur.Paused() {
		t.Error("the complainant's e-mail did not start the term again")
	}

	// Switched off in the profile: no pause.
	terms := e.srv.Profile()
	terms.TermPause = false
	if err := e.store.SetTerms(ctx, terms, 0, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	e.srv.App.ReloadProfile()
	wantProblem(t, e.api(http.MethodPost, path+"/pause", auth.RoleAgent, map[string]any{"reason": question}), 409, "")
	if strings.Contains(
		string(e.page("/complaints/"+c.Reference, auth.RoleAgent).Body),
		`action="/complaints/`+c.Reference+`/pause"`,
	) {
		t.Error("the page offers a pause the profile switched off")
	}
}

// TestPeopleAreTold: pausing the term asks the complainant
// in writing (the question, the status link); forwarding while
// registering reaches the coordinator's notifications, as the button on
// an existing complaint does.
func TestPeopleAreTold(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		c := e.mustCreate(validComplaint())
		if res := e.api(http.MethodPost, "/api/v1/complaints/"+c.Reference+"/pause", auth.RoleAgent,
			map[string]any{"reason": "Welk nummer belde u?"}); res.Status != 200 {
			t.Fatalf("pause = %d %s", res.Status, res.Body)
		}
		msgs, _ := e.store.ComplaintMessages(ctx, mustID(t, e, c.Reference))
		last := msgs[len(msgs)-1]
		if last.Kind != "question" || last.Recipient != "jan@example.nl" ||
			!strings.Contains(last.Body, "Welk nummer belde u?") ||
			!strings.Contains(last.Body, "/status/") {
			t.Errorf("question = %+v", last)
		}
		coord := e.users[auth.RoleCoordinator]
		before, _ := e.store.UnreadNotifications(ctx, coord.ID)
		body := validComplaint()
		body["forward"] = true
		e.mustCreate(body)
		if after, _ := e.store.UnreadNotifications(ctx, coord.ID); after != before+1 {
			t.Errorf("the coordinator has %d unread notifications, was %d", after, before)
		}
	})
}
