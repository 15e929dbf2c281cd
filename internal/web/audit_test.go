package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
)

// TestAuditTrail: reading and changing a complaint through the API and the
// UI leaves entries naming who, from where; the DPO finds them, exports
// them (which is recorded too), and the chain is intact.
func TestAuditTrail(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	c := e.mustCreate(validComplaint())
	e.api(http.MethodGet, "/api/v1/complaints/"+c.Reference, auth.RoleCoordinator, nil)
	e.page("/complaints/"+c.Reference, auth.RoleManager)
	if res := e.api(http.MethodPost, "/api/v1/complaints/"+c.Reference+"/transitions", auth.RoleAgent, map[string]any{"status": "in_progress"}); res.Status != 200 {
		t.Fatalf("transition = %d %s", res.Status, res.Body)
	}
	res := e.api(http.MethodGet, "/api/v1/audit?object="+c.Reference, auth.RoleDPO, nil)
	var out struct{ Items []audit.Entry }
	res.JSON(t, &out)
	var actions []string
	for _, en := range out.Items {
		actions = append(actions, en.Action+" by "+en.Actor.Role)
		if en.Actor.IP != "127.0.0.1" {
			t.Errorf("entry %d from %q", en.ID, en.Actor.IP)
		}
	}
	want := "complaint.status_changed by agent|complaint.read by manager|complaint.read by coordinator|complaint.registered by agent"
	if got := strings.Join(actions, "|"); got != want {
		t.Errorf("log of %s:\n got %s\nwant %s", c.Reference, got, want)
	}
	wantProblem(t, e.api(http.MethodGet, "/api/v1/audit?from=gisteren", auth.RoleDPO, nil), 422, "from")
	wantProblem(t, e.api(http.MethodGet, "/api/v1/audit", auth.RoleAdmin, nil), 403, "")
	csv := e.api(http.MethodGet, "/api/v1/audit?action=complaint.read&format=csv", auth.RoleDPO, nil)
	if csv.Status != 200 || strings.Count(string(csv.Body), "\n") != 3 ||
		!strings.HasPrefix(string(csv.Body), "id,at,user_id,name,role,ip,action,object,detail,hash") {
		t.Errorf("csv export = %d\n%s", csv.Status, csv.Body)
	}
	// The entry names the complaint; it is not a link, as the DPO may not
	// open a telemarketing complaint (a link would answer 404).
	page := string(e.page("/audit?actor=agent", auth.RoleDPO).Body)
	if !strings.Contains(page, "complaint.status_changed") || !strings.Contains(page, c.Reference) ||
		strings.Contains(page, `href="/complaints/`+c.Reference+`"`) {
		t.Error("the DPO's page does not show the agent's change, or links a complaint the DPO may not open")
	}
	if res := e.page("/audit?from=x", auth.RoleDPO); res.Status != 422 ||
		!strings.Contains(string(res.Body), `id="f-from-error"`) {
		t.Errorf("bad date on the page = %d", res.Status)
	}
	if n, err := e.store.VerifyAudit(t.Context(), nil); err != nil ||
		n != 5+2*len(auth.Roles) { // and per role a user and a token made
		t.Errorf("verify = %d, %v", n, err)
	}
	if exports, _ := e.store.AuditLog(t.Context(), store.AuditFilter{Action: "audit.export"}, 10); len(exports) != 1 ||
		exports[0].Actor.Role != "dpo" {
		t.Errorf("the export was not recorded: %+v", exports)
	}
}
