package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/store"
)

// messagesOf returns the outbox of the complaint ref.
func messagesOf(t *testing.T, e *testEnv, ref string) []store.OutboxItem {
	t.Helper()
	ctx := store.System(context.Background())
	c, err := e.store.Complaint(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := e.store.ComplaintMessages(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

var expertLinkRE = regexp.MustCompile(`http://klacht\.test(/expert/[A-Za-z0-9._-]+)`)

// TestSubjectHeard: a complaint names the member of staff it
// is about; they can never handle it (refused when it is handed to them,
// and naming the one who holds it is refused); where the profile hears
// them they get a copy with a link that shows only their part, give their
// side through it, the hearing's report lands on the timeline, and a
// notice of extension goes to them as well as to the complainant.
func TestSubjectHeard(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		c := e.mustCreate(validComplaint())
		path := "/complaints/" + c.Reference
		official := e.users[auth.RoleMembershipAdmin]
		// Refusals, each at its field.
		res := e.form(path+"/subject", auth.RoleCoordinator, url.Values{"subject.kind": {"staff"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `id="f-subject-user_id-error"`) {
			t.Errorf("staff without a person = %d", res.Status)
		}
		res = e.form(path+"/subject", auth.RoleCoordinator, url.Values{"subject.kind": {"unit"}, "subject.department": {"kantine"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `id="f-subject-department-error"`) {
			t.Errorf("an unknown department = %d", res.Status)
		}
		// The one who holds it cannot be named until it is handed on.
		if res := e.form(path+"/assign", auth.RoleCoordinator, url.Values{"team": {"ledenadministratie"},
			"assignee_id": {itoa(official.ID)}}); res.Status != http.StatusSeeOther {
			t.Fatalf("assign = %d %s", res.Status, res.Body)
		}
		res = e.form(path+"/subject", auth.RoleCoordinator, url.Values{"subject.kind": {"staff"}, "subject.user_id": {itoa(official.ID)}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "draag haar eerst over") {
			t.Errorf("naming the handler = %d", res.Status)
		}
		if res := e.form(path+"/assign", auth.RoleCoordinator, url.Values{"team": {"servicelijn"},
			"assignee_id": {itoa(e.users[auth.RoleAgent].ID)}}); res.Status != http.StatusSeeOther {
			t.Fatalf("assign = %d %s", res.Status, res.Body)
		}
		// Heard: the profile switch on.
		if res := e.form("/admin/terms", auth.RoleAdmin, termsForm(e, url.Values{"hearing": {"true"}})); res.Status != http.StatusSeeOther {
			t.Fatalf("terms = %d", res.Status)
		}
		if res := e.form(path+"/subject", auth.RoleCoordinator, url.Values{"subject.kind": {"staff"},
			"subject.user_id": {itoa(official.ID)}}); res.Status != http.StatusSeeOther {
			t.Fatalf("subject = %d %s", res.Status, res.Body)
		}
		// The official sees the complaint only through their link now.
		if res := e.api("GET", "/api/v1"+path, auth.RoleMembershipAdmin, nil); res.Status != http.StatusNotFound {
			t.Errorf("the official reads the complaint in the register: %d", res.Status)
		}
		if res := e.page("/complaints?q=gebeld", auth.RoleMembershipAdmin); strings.Contains(string(res.Body), c.Reference) {
			t.Error("the official finds the complaint in the list")
		}
		res = e.form(path+"/assign", auth.RoleCoordinator, url.Values{"team": {"ledenadministratie"}, "assignee_id": {itoa(official.ID)}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `id="f-assignee_id-error"`) ||
			!strings.Contains(string(res.Body), "Awb 9:7") {
			t.Errorf("handing it to the person it is about = %d", res.Status)
		}
		res = e.api("POST", "/api/v1"+path+"/assignment", auth.RoleCoordinator, map[string]any{"team": "ledenadministratie",
			"assignee_id": official.ID})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "assignee_id") {
			t.Errorf("through the API = %d %s", res.Status, res.Body)
		}
		// The copy, with the link to their part.
		var copyMail store.OutboxItem
		for _, m := range messagesOf(t, e, c.Reference) {
			if m.Kind == "subject_request" {
				copyMail = m
			}
		}
		if copyMail.Recipient != official.Email || !strings.Contains(copyMail.Body, "9:9") {
			t.Fatalf("copy = %+v", copyMail)
		}
		link := expertLinkRE.FindStringSubmatch(copyMail.Body)
		if link == nil {
			t.Fatalf("no link in %q", copyMail.Body)
		}
		page := string(e.page(link[1]+"?lang=nl", "").Body)
		if !strings.Contains(page, "Klacht die over u gaat") || !strings.Contains(page, "gebeld terwijl ik heb gezegd") ||
			strings.Contains(page, "jan@example.nl") || strings.Contains(page, "Damrak") {
			t.Errorf("their page shows too little or too much:\n%s", page)
		}
		if res := e.form(link[1], "", url.Values{"answer": {"Ik heb het verzoek niet doorgekregen."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("their side = %d %s", res.Status, res.Body)
		}
		// The hearing's report (Awb 9:10), refused without what it needs.
		if res := e.form(path+"/hearing", auth.RoleAgent, url.Values{"held_on": {"2026-03-05"}}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(string(res.Body), `id="f-report-error"`) {
			t.Errorf("a report without text = %d", res.Status)
		}
		if res := e.form(path+"/hearing", auth.RoleAgent, url.Values{"held_on": {"2026-03-02"}, "heard": {"De klager en de medewerker"},
			"report": {"Beide kanten gehoord; het verzoek is niet doorgegeven."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("hearing = %d %s", res.Status, res.Body)
		}
		// The notice of extension goes to both (Awb 9:11).
		if res := e.form(path+"/delay", auth.RoleAgent, url.Values{"expected_at": {"2026-04-10"},
			"reason": {"We horen nog een collega."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("delay = %d %s", res.Status, res.Body)
		}
		var toComplainant, toSubject bool
		for _, m := range messagesOf(t, e, c.Reference) {
			toComplainant = toComplainant || (m.Kind == "delay_notice" && m.Recipient == "jan@example.nl")
			if m.Kind == "subject_delay" {
				toSubject = m.Recipient == official.Email && strings.Contains(m.Body, "We horen nog een collega.") &&
					!strings.Contains(m.Body, "/status/")
			}
		}
		if !toComplainant || !toSubject {
			t.Errorf("notice of extension: complainant %v, the person it is about %v", toComplainant, toSubject)
		}
		kinds := map[complaint.EventKind]bool{}
		for _, ev := range timeline(t, e, c.Reference) {
			kinds[ev.Kind] = true
			if ev.Kind == complaint.EventSubjectSet && ev.Data["name"] != official.Name {
				t.Errorf("the timeline names the subject %q, want %q", ev.Data["name"], official.Name)
			}
		}
		for _, k := range []complaint.EventKind{complaint.EventSubjectSet, complaint.EventSubjectCopy,
			complaint.EventSubjectAnswered, complaint.EventHearing} {
			if !kinds[k] {
				t.Errorf("the timeline lacks %s", k)
			}
		}
		detail := string(e.page(path+"?lang=nl", auth.RoleCoordinator).Body)
		for _, want := range []string{"Ik heb het verzoek niet doorgekregen.", "Beide kanten gehoord", official.Name} {
			if !strings.Contains(detail, want) {
				t.Errorf("the complaint page lacks %q", want)
			}
		}
	})
}
