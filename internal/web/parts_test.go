package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
)

// TestParts (article 5): a complaint split between membership
// administration and a campaign: each part has its department, handler
// and term; the campaign lead sees only their part; the complaint cannot
// be handled as a whole while a part is open, and is handled when the
// last part is, the complainant told once (or per part, where the profile
// says); the evaluation counts one complaint with its parts.
func TestParts(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		lead := e.users[auth.RoleCampaignLead]
		split := func(path string) (financial, content complaint.Part) {
			t.Helper()
			res := e.form(path+"/parts", auth.RoleCoordinator, url.Values{"part.what": {""}, "part.department": {"kantine"}})
			body := string(res.Body)
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-part-what-error"`) ||
				!strings.Contains(body, `id="f-part-department-error"`) {
				t.Errorf("a part without what or department = %d", res.Status)
			}
			if res := e.form(path+"/parts", auth.RoleCoordinator, url.Values{"part.what": {"Er is twee keer afgeschreven."},
				"part.department": {"ledenadministratie"}, "part.due": {"2026-03-16"}}); res.Status != http.StatusSeeOther {
				t.Fatalf("part = %d %s", res.Status, res.Body)
			}
			res = e.api("POST", "/api/v1"+path+"/parts", auth.RoleCoordinator, map[string]any{"what": "Oneens met de klimaatcampagne.",
				"department": "campagnes", "assignee_id": lead.ID, "due_at": "2026-03-20T17:00:00Z"})
			if res.Status != http.StatusCreated {
				t.Fatalf("part through the API = %d %s", res.Status, res.Body)
			}
			var parts struct{ Items []complaint.Part }
			e.api("GET", "/api/v1"+path+"/parts", auth.RoleCoordinator, nil).JSON(t, &parts)
			if len(parts.Items) != 2 || parts.Items[1].AssigneeName != lead.Name {
				t.Fatalf("parts = %+v", parts.Items)
			}
			return parts.Items[0], parts.Items[1]
		}
		c := e.mustCreate(validComplaint())
		path := "/complaints/" + c.Reference
		financial, content := split(path)
		// The campaign lead sees their part only.
		page := string(e.page(path+"?lang=nl", auth.RoleCampaignLead).Body)
		if !strings.Contains(page, "Oneens met de klimaatcampagne.") || strings.Contains(page, "twee keer afgeschreven") ||
			strings.Contains(page, "gezegd dat ik dat niet wil") || !strings.Contains(page, "U ziet alleen dat deel") {
			t.Errorf("the campaign lead's page shows another part or the whole complaint: %d\n%s", len(page), page)
		}
		// Not handled as a whole while parts are open.
		e.form(path+"/status", auth.RoleAgent, url.Values{"status": {"in_progress"}})
		if res := e.form(path+"/handle", auth.RoleAgent, url.Values{"told.via": {"email"}, "told.summary": {"Klaar."}}); res.Status != http.StatusConflict {
			t.Errorf("handled with parts open = %d", res.Status)
		}
		if res := e.form(path+"/parts/"+itoa(financial.ID)+"/handle", auth.RoleMembershipAdmin, url.Values{"part.outcome": {""}}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(string(res.Body), `id="f-part-outcome-`+itoa(financial.ID)+`"`) {
			t.Errorf("a part handled without its outcome = %d", res.Status)
		}
		if res := e.form(path+"/parts/"+itoa(financial.ID)+"/handle", auth.RoleMembershipAdmin,
			url.Values{"part.outcome": {"Het dubbele bedrag is teruggestort."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("financial part = %d %s", res.Status, res.Body)
		}
		if got := outcomeMail(t, e, c.Reference); got != "" {
			t.Errorf("told before every part was handled: %q", got)
		}
		if res := e.form(path+"/parts/"+itoa(content.ID)+"/handle", auth.RoleCampaignLead,
			url.Values{"part.outcome": {"Wij leggen uit waarom de campagne zo is opgezet."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("content part = %d %s", res.Status, res.Body)
		}
		var v struct{ Status string }
		e.api("GET", "/api/v1"+path, auth.RoleCoordinator, nil).JSON(t, &v)
		body := outcomeMail(t, e, c.Reference)
		if v.Status != "handled" || !strings.Contains(body, "teruggestort") || !strings.Contains(body, "campagne zo is opgezet") {
			t.Errorf("after the last part: %s, outcome %q", v.Status, body)
		}
		if res := e.api("POST", "/api/v1"+path+"/parts/"+itoa(content.ID)+"/handle", auth.RoleCampaignLead,
			map[string]any{"outcome": "Nog eens."}); res.Status != http.StatusConflict {
			t.Errorf("a part handled twice = %d", res.Status)
		}
		// Told per part where the profile says so.
		if res := e.form("/admin/terms", auth.RoleAdmin, termsForm(e, url.Values{"tell_per_part": {"true"}})); res.Status != http.StatusSeeOther {
			t.Fatalf("terms = %d", res.Status)
		}
		c2 := e.mustCreate(validComplaint())
		p2 := "/complaints/" + c2.Reference
		f2, _ := split(p2)
		e.form(p2+"/parts/"+itoa(f2.ID)+"/handle", auth.RoleMembershipAdmin, url.Values{"part.outcome": {"Teruggestort."}})
		var perPart int
		for _, m := range messagesOf(t, e, c2.Reference) {
			if m.Kind == "part_outcome" && strings.Contains(m.Body, "Teruggestort.") {
				perPart++
			}
		}
		if perPart != 1 {
			t.Errorf("%d messages for the first part, want 1", perPart)
		}
		ev, err := report.Quarterly(store.System(context.Background()), e.store, report.Quarter{Year: 2026, Q: 1},
			e.srv.Profile().Location(), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		rows := map[string]string{}
		for _, r := range ev.Rows() {
			rows[r.Key] = r.Values[0]
		}
		if rows["received"] != "2" || rows["complaints_with_parts"] != "2" || rows["parts"] != "4" {
			t.Errorf("evaluation: received %s, split %s, parts %s", rows["received"], rows["complaints_with_parts"], rows["parts"])
		}
	})
}
