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
	"github.com/klacht/klacht/internal/store"
)

// TestOutsideExpert (P5.3): a question to someone without an account
// goes out with a signed link; the link shows the question and the
// complaint's text but nothing that names or reaches the complainant; a
// forged link shows nothing; one reminder goes a day before the deadline;
// the answer lands on the timeline once; the link expires.
func TestOutsideExpert(t *testing.T) {
	eachDialect(t, testOutsideExpert)
}

func testOutsideExpert(t *testing.T, e *testEnv) {
	ctx := store.System(context.Background())
	c := e.mustCreate(validComplaint())
	path := "/api/v1/complaints/" + c.Reference + "/experts"
	good := map[string]any{
		"name":       "Wim Wervingsleider",
		"email":      "wim@bureau.example",
		"question":   "Belt uw bureau dit lid nog steeds 's avonds?",
		"deadline":   "2026-03-06",
		"share_text": true,
	}
	for field, bad := range map[string]any{"name": " ", "email": "wim at bureau", "question": "", "deadline": "2026-02-01", "lang": "de"} {
		body := map[string]any{}
		for k, v := range good {
			body[k] = v
		}
		body[field] = bad
		wantProblem(t, e.api(http.MethodPost, path, auth.RoleCoordinator, body), 422, field)
	}
	far := map[string]any{}
	for k, v := range good {
		far[k] = v
	}
	far["deadline"] = "2026-12-31"
	wantProblem(t, e.api(http.MethodPost, path, auth.RoleCoordinator, far), 422, "deadline")
	if res := e.form("/complaints/"+c.Reference+"/experts", auth.RoleCoordinator, url.Values{"expert_name": {"Wim"}, "expert_email": {"nee"}, "question": {"?"}, "deadline": {"2026-03-06"}}); res.Status != 422 ||
		!strings.Contains(string(res.Body), `id="f-expert_email-error"`) {
		t.Errorf("bad form = %d", res.Status)
	}

	res := e.api(http.MethodPost, path, auth.RoleCoordinator, good)
	var out struct {
		Request store.ExpertRequest
		Link    string
	}
	res.JSON(t, &out)
	if res.Status != http.StatusCreated || !strings.HasPrefix(out.Link, "http://klacht.test/expert/") {
		t.Fatalf("ask = %d %s", res.Status, res.Body)
	}
	link := strings.TrimPrefix(out.Link, "http://klacht.test")
	msgs, _ := e.store.ComplaintMessages(ctx, mustID(t, e, c.Reference))
	var mail store.OutboxItem
	for _, m := range msgs {
		if m.Kind == "expert_request" {
			mail = m
		}
	}
	if mail.Recipient != "wim@bureau.example" || !strings.Contains(mail.Body, out.Link) ||
		!strings.Contains(mail.Body, "Belt uw bureau dit lid nog steeds") {
		t.Fatalf("expert mail = %+v", mail)
	}

	page := e.page(link, "")
	body := string(page.Body)
	if page.Status != 200 || !strings.Contains(body, "Belt uw bureau dit lid nog steeds") ||
		!strings.Contains(body, "Ik word elke week gebeld") {
		t.Fatalf("expert page = %d", page.Status)
	}
	for _, secret := range []string{"Jan Jansen", "jan@example.nl", "020-1234567", "Damrak", "123456"} {
		if strings.Contains(body, secret) {
			t.Errorf("the expert page shows %q", secret)
		}
	}
	if page.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Error("the expert link can leak through Referer")
	}
	forged := regexp.MustCompile(`\.[^.]+$`).ReplaceAllString(link, ".AAAA")
	for _, bad := range []string{forged, "/expert/1.9999999999.x", "/expert/nonsense"} {
		if res := e.page(bad, ""); res.Status != http.StatusNotFound {
			t.Errorf("%s = %d", bad, res.Status)
		}
	}

	// The reminder: not yet; a day before the deadline once; never twice.
	if n, err := e.srv.App.RemindExperts(ctx); err != nil || n != 0 {
		t.Errorf("early reminders = %d, %v", n, err)
	}
	e.clock.Add(4 * 24 * time.Hour) // the morning of 6 March; the deadline is its end
	if n, err := e.srv.App.RemindExperts(ctx); err != nil || n != 1 {
		t.Errorf("reminders = %d, %v", n, err)
	}
	if n, _ := e.srv.App.RemindExperts(ctx); n != 0 {
		t.Errorf("a second reminder went (%d)", n)
	}
	msgs, _ = e.store.ComplaintMessages(ctx, mustID(t, e, c.Reference))
	if last := msgs[len(msgs)-1]; last.Kind != "expert_reminder" || !strings.Contains(last.Body, out.Link) {
		t.Errorf("reminder = %+v", last)
	}

	if res := e.form(link, "", url.Values{"answer": {" "}}); res.Status != 422 ||
		!strings.Contains(string(res.Body), `id="f-answer-error"`) {
		t.Errorf("empty answer = %d", res.Status)
	}
	if res := e.form(link, "", url.Values{"answer": {"Ja, dat klopt; we halen het lid uit de belronde."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("answer = %d %s", res.Status, res.Body)
	}
	if res := e.form(link, "", url.Values{"answer": {"Nog iets"}}); res.Status != http.StatusConflict {
		t.Errorf("second answer = %d", res.Status)
	}
	detail := string(e.page("/complaints/"+c.Reference, auth.RoleCoordinator).Body)
	for _, w := range []string{"vroeg een externe deskundige", "de externe deskundige antwoordde", "we halen het lid uit de belronde", "beantwoord"} {
		if !strings.Contains(detail, w) {
			t.Errorf("the complaint page lacks %q", w)
		}
	}
	if strings.Contains(string(e.page(link, "").Body), `name="answer"`) {
		t.Error("the answered link still offers the form")
	}

	// A question that keeps the text to itself; and the link's end.
	private := map[string]any{
		"name":     "Fenna FG",
		"email":    "fg@example.nl",
		"question": "Mag dit?",
		"deadline": "2026-03-10",
	}
	res = e.api(http.MethodPost, path, auth.RoleCoordinator, private)
	res.JSON(t, &out)
	if body := string(e.page(strings.TrimPrefix(out.Link, "http://klacht.test"), "").Body); strings.Contains(
		body,
		"Ik word elke week gebeld",
	) {
		t.Error("an unshared text is shown")
	}
	e.clock.Add(30 * 24 * time.Hour)
	if res := e.page(link, ""); res.Status != http.StatusNotFound {
		t.Errorf("expired link = %d", res.Status)
	}
}
