package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
)

// TestAgencyRates: an administrator adds a fundraising agency; complaints
// name it; its contacts come in with the volumes (CSV column agency); the
// evaluation shows its complaints per 1,000 contacts; an unknown agency is
// refused everywhere with the field named; the yearly rates keep using
// the organisation's totals only.
func TestAgencyRates(t *testing.T) {
	eachDialect(t, testAgencyRates)
}

func testAgencyRates(t *testing.T, e *testEnv) {
	ctx := store.System(context.Background())
	if res := e.form("/admin/agencies", auth.RoleAdmin, url.Values{"agency_key": {"Bel Bureau"}, "agency_label_nl": {""}, "agency_label_en": {"x"}}); res.Status != 422 ||
		!strings.Contains(string(res.Body), `id="f-agency_key-error"`) ||
		!strings.Contains(string(res.Body), `id="f-agency_label_nl-error"`) {
		t.Fatalf("bad agency = %d", res.Status)
	}
	if res := e.form("/admin/agencies", auth.RoleAdmin, url.Values{"agency_key": {"belnoord"}, "agency_label_nl": {"Belbureau Noord"}, "agency_label_en": {"Call centre North"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("agency = %d %s", res.Status, res.Body)
	}
	if !e.srv.Profile().HasAgency("belnoord") {
		t.Fatal("the profile does not know the new agency")
	}
	if !strings.Contains(
		string(e.page("/complaints/new", auth.RoleAgent).Body),
		`<option value="belnoord">Belbureau Noord</option>`,
	) {
		t.Error("the register form does not offer the agency")
	}
	body := validComplaint()
	body["agency"] = "belzuid"
	wantProblem(t, e.api(http.MethodPost, "/api/v1/complaints", auth.RoleAgent, body), 422, "agency")
	body["agency"] = "belnoord"
	for range 3 {
		if c := e.mustCreate(body); c.Agency != "belnoord" {
			t.Fatalf("agency of the complaint = %q", c.Agency)
		}
	}
	e.mustCreate(validComplaint())

	csv := "from,to,kind,volume,agency\n2026-01-01,2026-04-01,telemarketing_calls,2000,belnoord\n2026-01-01,2026-04-01,telemarketing_calls,500,belzuid\n"
	res := e.do(
		http.MethodPost,
		"/api/v1/contact-volumes/import",
		auth.RoleManager,
		strings.NewReader(csv),
		map[string]string{"Content-Type": "text/csv"},
	)
	if res.Status != 422 || !strings.Contains(string(res.Body), "rows[3].agency") {
		t.Fatalf("unknown agency in the volumes = %d %s", res.Status, res.Body)
	}
	csv = "from,to,kind,volume,agency\n2026-01-01,2026-04-01,telemarketing_calls,2000,belnoord\n2026-01-01,2027-01-01,telemarketing_calls,10000,\n"
	if res := e.do(http.MethodPost, "/api/v1/contact-volumes/import", auth.RoleManager, strings.NewReader(csv), map[string]string{"Content-Type": "text/csv"}); res.Status != 200 {
		t.Fatalf("volumes = %d %s", res.Status, res.Body)
	}
	wantProblem(
		t,
		e.api(
			http.MethodPost,
			"/api/v1/contact-volumes",
			auth.RoleManager,
			map[string]any{
				"from":   "2026-04-01",
				"to":     "2026-07-01",
				"kind":   "telemarketing_calls",
				"volume": 5,
				"agency": "belzuid",
			},
		),
		422,
		"agency",
	)

	ev, err := report.Quarterly(ctx, e.store, report.Quarter{Year: 2026, Q: 1}, e.srv.Profile().Location(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if a := ev.Columns[0].ByAgency; len(a) != 1 || a[0].Key != "belnoord" || a[0].N != 3 || a[0].Contacts != 2000 ||
		a[0].Rate != 1.5 {
		t.Errorf("by agency = %+v", a)
	}
	labels := map[string]string{}
	for _, r := range ev.Rows() {
		labels[r.Key] = report.FigureLabel(e.srv.Profile(), "nl", r.Key) + " = " + r.Values[0]
	}
	if labels["agency.belnoord"] != "Per bureau: Belbureau Noord = 3" ||
		labels["agency_rate.belnoord"] != "Per 1.000 contacten, per bureau: Belbureau Noord = 1.5" {
		t.Errorf("rows = %q / %q", labels["agency.belnoord"], labels["agency_rate.belnoord"])
	}
	p := e.srv.Profile()
	p.SmallCounts = 0
	a, err := report.BuildAnnual(ctx, e.store, p, 2026, "en")
	if err != nil ||
		!strings.Contains(a.Text(), "On a total of 10,000 calls held, that is 0.40 per 1,000 calls (about 1 per 2,500).") {
		t.Errorf("yearly rate from the totals only: %v\n%s", err, a.Text())
	}
}
