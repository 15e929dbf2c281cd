package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
)

// TestDoNotCall: a telemarketing complaint sets the flag through the API
// and the complaint page; the list comes out as JSON and as the CSV the
// CRM and the agency take (date and reference), filtered by since; bad
// input is refused with the field named; a lift takes the entry off.
func TestDoNotCall(t *testing.T) {
	eachDialect(t, testDoNotCall)
}

func testDoNotCall(t *testing.T, e *testEnv) {
	tele := e.mustCreate(validComplaint())
	body := validComplaint()
	body["category"] = "street_recruitment"
	street := e.mustCreate(body)

	path := "/api/v1/complaints/" + tele.Reference + "/do-not-call"
	if res := e.api(http.MethodPost, path, auth.RoleAgent, nil); res.Status != http.StatusCreated ||
		!strings.Contains(string(res.Body), `"phone":"020-1234567"`) {
		t.Fatalf("set = %d %s", res.Status, res.Body)
	}
	wantProblem(t, e.api(http.MethodPost, path, auth.RoleAgent, nil), 409, "")
	wantProblem(
		t,
		e.api(http.MethodPost, "/api/v1/complaints/"+street.Reference+"/do-not-call", auth.RoleAgent, nil),
		409,
		"",
	)
	wantProblem(
		t,
		e.api(http.MethodGet, "/api/v1/do-not-call?since=gisteren", auth.RoleMembershipAdmin, nil),
		422,
		"since",
	)
	wantProblem(t, e.api(http.MethodGet, "/api/v1/do-not-call", auth.RoleManager, nil), 403, "")

	res := e.api(http.MethodGet, "/api/v1/do-not-call?format=csv", auth.RoleMembershipAdmin, nil)
	today := e.srv.Now().In(e.srv.Profile().Location()).Format("2006-01-02")
	want := "member_number,name,phone,since,reference\n123456,Jan Jansen,020-1234567," + today + "," + tele.Reference + "\n"
	if res.Status != 200 || string(res.Body) != want {
		t.Errorf("csv = %d %q, want %q", res.Status, res.Body, want)
	}
	if res := e.api(http.MethodGet, "/api/v1/do-not-call?since=2999-01-01", auth.RoleMembershipAdmin, nil); !strings.Contains(
		string(res.Body),
		`"items":[]`,
	) {
		t.Errorf("since the future = %s", res.Body)
	}

	// A name a spreadsheet would run comes out as text.
	hostile := validComplaint()
	hostile["complainant"].(map[string]any)["name"] = `=HYPERLINK("http://evil.example";"Klik hier")`
	hostile["complainant"].(map[string]any)["member_number"] = "999"
	h := e.mustCreate(hostile)
	if res := e.api(http.MethodPost, "/api/v1/complaints/"+h.Reference+"/do-not-call", auth.RoleAgent, nil); res.Status != 201 {
		t.Fatalf("set = %d %s", res.Status, res.Body)
	}
	csvOut := string(e.api(http.MethodGet, "/api/v1/do-not-call?format=csv", auth.RoleMembershipAdmin, nil).Body)
	if !strings.Contains(csvOut, `"'=HYPERLINK(""http://evil.example"";""Klik hier"")"`) {
		t.Errorf("a formula left the CSV live: %q", csvOut)
	}
	e.api(http.MethodDelete, "/api/v1/complaints/"+h.Reference+"/do-not-call", auth.RoleAgent, nil)

	// The page: the entry, the download, an inline error for a bad date.
	page := string(e.page("/do-not-call", auth.RoleCoordinator).Body)
	for _, w := range []string{"Niet-bellen-lijst", tele.Reference, "020-1234567", "CSV downloaden"} {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if res := e.page("/do-not-call?since=31-02", auth.RoleCoordinator); res.Status != 422 ||
		!strings.Contains(string(res.Body), `id="f-since-error"`) {
		t.Errorf("bad since page = %d", res.Status)
	}
	detail := string(e.page("/complaints/"+tele.Reference, auth.RoleAgent).Body)
	if !strings.Contains(detail, "Op de niet-bellen-lijst sinds") ||
		!strings.Contains(detail, "op de niet-bellen-lijst gezet") {
		t.Error("the complaint page does not show the flag and its event")
	}
	if strings.Contains(
		string(e.page("/complaints/"+street.Reference, auth.RoleAgent).Body),
		`action="/complaints/`+street.Reference+`/do-not-call"`,
	) {
		t.Error("a street recruitment complaint offers the flag")
	}

	// Lift through the page, set again through the page.
	if res := e.form("/complaints/"+tele.Reference+"/do-not-call", auth.RoleAgent, url.Values{"action": {"lift"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("lift = %d %s", res.Status, res.Body)
	}
	if res := e.api(http.MethodGet, "/api/v1/do-not-call", auth.RoleAdmin, nil); !strings.Contains(
		string(res.Body),
		`"items":[]`,
	) {
		t.Errorf("after the lift = %s", res.Body)
	}
	wantProblem(t, e.api(http.MethodDelete, path, auth.RoleAgent, nil), 409, "")
	if res := e.form("/complaints/"+tele.Reference+"/do-not-call", auth.RoleAgent, url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("set from the page = %d", res.Status)
	}
	if res := e.form("/complaints/"+street.Reference+"/do-not-call", auth.RoleAgent, url.Values{}); res.Status != http.StatusConflict ||
		!strings.Contains(string(res.Body), "Alleen een klacht over telemarketing") {
		t.Errorf("flag on street recruitment from the page = %d", res.Status)
	}
	if res := e.api(http.MethodDelete, path, auth.RoleAgent, nil); res.Status != http.StatusNoContent {
		t.Errorf("lift through the API = %d", res.Status)
	}
	// What is held about the person includes the list, lifted entries too.
	var x struct {
		DoNotCall []struct {
			Phone, Reference string
		} `json:"do_not_call"`
	}
	e.api(http.MethodGet, "/api/v1/subjects?member_number=123456", auth.RoleDPO, nil).JSON(t, &x)
	if len(x.DoNotCall) != 2 || x.DoNotCall[0].Phone != "020-1234567" || x.DoNotCall[0].Reference != tele.Reference {
		t.Errorf("subject export's do-not-call = %+v", x.DoNotCall)
	}
}

// TestDoNotCallAtRegistration: the register form offers the
// do-not-call list, ticked; a telemarketing complaint registered with it
// puts the member on the list; unticked, or another category, does not.
func TestDoNotCallAtRegistration(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	if page := string(e.page("/complaints/new", auth.RoleAgent).Body); !strings.Contains(
		page,
		`name="do_not_call" value="true" checked`,
	) {
		t.Fatal("the register form does not offer the do-not-call list, ticked")
	}
	form := func(category, dnc string) url.Values {
		v := url.Values{"channel": {"phone"}, "category": {category}, "concerns": {"person"}, "language": {"nl"},
			"received_at": {"2026-03-02T09:00"}, "description": {"Weer gebeld."}, "complainant.name": {"Jan"},
			"complainant.member_number": {"123"}, "complainant.phone": {"020-1234567"}}
		if dnc != "" {
			v.Set("do_not_call", dnc)
		}
		return v
	}
	for _, tt := range []struct {
		category, dnc string
		want          int
	}{{"telemarketing", "true", 1}, {"telemarketing", "", 1}, {"street_recruitment", "true", 1}} {
		if res := e.form("/complaints", auth.RoleAgent, form(tt.category, tt.dnc)); res.Status != http.StatusSeeOther {
			t.Fatalf("register = %d %s", res.Status, res.Body)
		}
		var list struct{ Items []map[string]any }
		e.api(http.MethodGet, "/api/v1/do-not-call", auth.RoleMembershipAdmin, nil).JSON(t, &list)
		if len(list.Items) != tt.want {
			t.Errorf("%s with do_not_call=%q: %d entries, want %d", tt.category, tt.dnc, len(list.Items), tt.want)
		}
	}
}
