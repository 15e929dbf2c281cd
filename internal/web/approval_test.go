package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
)

// TestFourEyes: with the profile asking approval for flagged
// complaints and the privacy category, a flagged complaint's written
// outcome waits as a draft (no message, still in progress, the term
// running); its writer cannot approve it; sent back with a note it returns
// to them; approved by a second person it goes out as written. A complaint
// without a flag, and a phone call, need nothing.
func TestFourEyes(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		if res := e.form("/admin/terms", auth.RoleAdmin, termsForm(e, url.Values{"approval": {"flagged"},
			"approval_categories": {"privacy"}})); res.Status != http.StatusSeeOther {
			t.Fatalf("terms = %d %s", res.Status, res.Body)
		}
		if res := e.form("/admin/terms", auth.RoleAdmin, termsForm(e, url.Values{"approval": {"sometimes"},
			"approval_categories": {"weather"}})); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(string(res.Body), `id="f-approval-error"`) || !strings.Contains(string(res.Body), `id="f-approval_categories-error"`) {
			t.Errorf("an unknown mode and category = %d", res.Status)
		}
		start := func() string {
			c := e.mustCreate(validComplaint())
			path := "/complaints/" + c.Reference
			if res := e.form(path+"/status", auth.RoleAgent, url.Values{"status": {"in_progress"}}); res.Status != http.StatusSeeOther {
				t.Fatalf("in progress = %d", res.Status)
			}
			return path
		}
		handle := url.Values{"told.via": {"email"}, "told.summary": {"Wij bellen u niet meer; het bureau is ingelicht."}}
		// Not flagged: straight out.
		plain := start()
		if res := e.form(plain+"/handle", auth.RoleAgent, handle); res.Status != http.StatusSeeOther ||
			!strings.Contains(res.Header.Get("Location"), "notice=handled") {
			t.Fatalf("unflagged handle = %d %s", res.Status, res.Header.Get("Location"))
		}
		// Flagged: it waits.
		path := start()
		if res := e.form(path+"/flags", auth.RoleAgent, url.Values{"flags": {"reputation", "bogus"}}); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("an unknown flag = %d", res.Status)
		}
		if res := e.form(path+"/flags", auth.RoleAgent, url.Values{"flags": {"reputation"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("flags = %d %s", res.Status, res.Body)
		}
		res := e.form(path+"/handle", auth.RoleAgent, handle)
		if res.Status != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "notice=approval_asked") {
			t.Fatalf("flagged handle = %d %s", res.Status, res.Header.Get("Location"))
		}
		ref := strings.TrimPrefix(path, "/complaints/")
		outcomeMails := func() int {
			n := 0
			for _, m := range messagesOf(t, e, ref) {
				if m.Kind == "outcome" {
					n++
				}
			}
			return n
		}
		var v struct{ Status string }
		e.api("GET", "/api/v1"+path, auth.RoleCoordinator, nil).JSON(t, &v)
		if v.Status != "in_progress" || outcomeMails() != 0 {
			t.Fatalf("waiting: status %s, %d outcome mails", v.Status, outcomeMails())
		}
		if res := e.form(path+"/handle", auth.RoleAgent, handle); res.Status != http.StatusConflict {
			t.Errorf("a second draft = %d", res.Status)
		}
		if page := string(e.page("/approvals?lang=nl", auth.RoleCoordinator).Body); !strings.Contains(page, ref) {
			t.Error("the approvals list lacks the waiting complaint")
		}
		page := string(e.page(path+"?lang=nl", auth.RoleAgent).Body)
		if !strings.Contains(page, "De uitkomst wacht op goedkeuring") || strings.Contains(page, "Goedkeuren en versturen") {
			t.Error("the writer's page shows no waiting draft, or lets them approve it")
		}
		if res := e.api("POST", "/api/v1"+path+"/approval", auth.RoleAgent, map[string]any{"action": "approve"}); res.Status != http.StatusForbidden {
			t.Errorf("the writer approving = %d", res.Status)
		}
		// Sent back, with a note required.
		if res := e.form(path+"/approval", auth.RoleCoordinator, url.Values{"action": {"send_back"}}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(string(res.Body), `id="f-approval_note-error"`) {
			t.Errorf("sent back without a note = %d", res.Status)
		}
		if res := e.form(path+"/approval", auth.RoleCoordinator, url.Values{"action": {"send_back"},
			"approval_note": {"Noem ook de datum waarop het bureau is ingelicht."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("send back = %d %s", res.Status, res.Body)
		}
		// Again, through the API: 202 while it waits; then approved.
		handle.Set("told.summary", "Wij bellen u niet meer; het bureau is op 3 maart ingelicht.")
		res = e.api("POST", "/api/v1"+path+"/transitions", auth.RoleAgent, map[string]any{"status": "handled",
			"told": map[string]any{"via": "email", "summary": handle.Get("told.summary")}})
		if res.Status != http.StatusAccepted {
			t.Fatalf("handle through the API = %d %s", res.Status, res.Body)
		}
		if page := string(e.page(path+"?lang=nl", auth.RoleCoordinator).Body); !strings.Contains(page, "Goedkeuren en versturen") ||
			!strings.Contains(page, "op 3 maart ingelicht") {
			t.Error("the approver's page lacks the draft or the button")
		}
		if res := e.form(path+"/approval", auth.RoleCoordinator, url.Values{"action": {"approve"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("approve = %d %s", res.Status, res.Body)
		}
		e.api("GET", "/api/v1"+path, auth.RoleCoordinator, nil).JSON(t, &v)
		if v.Status != "handled" || outcomeMails() != 1 {
			t.Errorf("approved: status %s, %d outcome mails", v.Status, outcomeMails())
		}
		kinds := map[complaint.EventKind]int{}
		for _, ev := range timeline(t, e, ref) {
			kinds[ev.Kind]++
		}
		if kinds[complaint.EventApprovalAsked] != 2 || kinds[complaint.EventSentBack] != 1 || kinds[complaint.EventApproved] != 1 {
			t.Errorf("timeline = %v", kinds)
		}
		if res := e.form(path+"/approval", auth.RoleCoordinator, url.Values{"action": {"approve"}}); res.Status != http.StatusConflict {
			t.Errorf("approving nothing = %d", res.Status)
		}
	})
}
