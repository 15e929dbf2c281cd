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

func TestQuarterlyEvaluation(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	e.mustCreate(validComplaint()) // received 2026-03-02: Q1 2026
	res := e.api(http.MethodGet, "/api/v1/reports/quarterly?year=2026&quarter=1", auth.RoleManager, nil)
	var ev report.Evaluation
	res.JSON(t, &ev)
	if res.Status != 200 || ev.Quarter != "2026-Q1" || len(ev.Columns) != 5 || ev.Columns[0].Received != 1 {
		t.Fatalf("evaluation = %d %s", res.Status, res.Body)
	}
	csv := e.api(http.MethodGet, "/api/v1/reports/quarterly?year=2026&quarter=1&format=csv", auth.RoleManager, nil)
	if !strings.HasPrefix(string(csv.Body), "figure,Cijfer,2026-Q1,2025-Q4") ||
		!strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("csv = %q", csv.Body)
	}
	wantProblem(
		t,
		e.api(http.MethodGet, "/api/v1/reports/quarterly?year=2026&quarter=7", auth.RoleManager, nil),
		422,
		"quarter",
	)
	wantProblem(t, e.api(http.MethodGet, "/api/v1/reports/quarterly?year=x&quarter=1", auth.RoleManager, nil), 422, "year")
	wantProblem(t, e.api(http.MethodGet, "/api/v1/reports/quarterly", auth.RoleAgent, nil), 403, "")
	page := string(e.page("/reports/quarterly?year=2026&quarter=1", auth.RoleMembershipAdmin).Body)
	for _, want := range []string{"Kwartaalevaluatie 2026 Q1", "Ontvangen klachten", "Soort: Telemarketing", "2025-Q4"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if res := e.page("/reports/quarterly?year=2026&quarter=9", auth.RoleManager); res.Status != 422 {
		t.Errorf("bad quarter page = %d", res.Status)
	}
}

func TestAnnualAndVolumes(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	for range 5 { // five: fewer would be written "fewer than 5" in public
		e.mustCreate(validComplaint())
	}
	wantProblem(
		t,
		e.api(
			http.MethodPost,
			"/api/v1/contact-volumes",
			auth.RoleManager,
			map[string]any{"from": "2026-01-01", "to": "2025-01-01", "kind": "calls", "volume": -3},
		),
		422,
		"kind",
	)
	if res := e.api(http.MethodPost, "/api/v1/contact-volumes", auth.RoleManager, map[string]any{"from": "2026-01-01", "to": "2027-01-01", "kind": "telemarketing_calls", "volume": 2000}); res.Status != 200 {
		t.Fatalf("volume = %d %s", res.Status, res.Body)
	}
	res := e.api(http.MethodGet, "/api/v1/reports/annual?year=2026&lang=en&format=text", auth.RoleManager, nil)
	if !strings.Contains(string(res.Body), "In 2026 we received 5 complaints.") ||
		!strings.Contains(string(res.Body), "2.50 per 1,000 calls") {
		t.Errorf("annual text = %s", res.Body)
	}
	wantProblem(t, e.api(http.MethodGet, "/api/v1/reports/annual?year=2026&lang=de", auth.RoleManager, nil), 422, "lang")
	page := string(e.page("/reports/annual?year=2026", auth.RoleManager).Body)
	if !strings.Contains(page, "In 2026 zijn er 5 klachten binnengekomen.") ||
		!strings.Contains(page, "Gevoerde telemarketinggesprekken 2.000") {
		t.Errorf("annual page lacks the text or the volume")
	}
	if res := e.form("/reports/volumes", auth.RoleManager, url.Values{"from": {"x"}, "to": {"2027-01-01"}, "kind": {"donors"}, "volume": {"5"}}); res.Status != 422 ||
		!strings.Contains(string(res.Body), `id="f-from-error"`) {
		t.Errorf("bad volume form = %d", res.Status)
	}
}

func TestRecurringAPI(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	for _, text := range []string{"De incasso is twee keer afgeschreven.", "Incasso dubbel afgeschreven!", "Twee keer afgeschreven, de incasso klopt niet.",
		"Mijn incasso werd twee keer afgeschreven.", "Weer twee keer afgeschreven door de incasso.", "De incasso van maart is dubbel afgeschreven."} {
		body := validComplaint()
		body["category"], body["description"] = "financial", text
		e.mustCreate(body)
	}
	res := e.api(http.MethodGet, "/api/v1/reports/recurring?year=2026&quarter=1", auth.RoleManager, nil)
	var rec report.Recurring
	res.JSON(t, &rec)
	if res.Status != 200 || len(rec.Clusters) != 1 || rec.Clusters[0].Size != 6 || len(rec.Rises) != 1 ||
		rec.Rises[0].Category != "financial" {
		t.Errorf("recurring = %d %s", res.Status, res.Body)
	}
	if page := string(e.page("/reports/quarterly?year=2026&quarter=1", auth.RoleManager).Body); !strings.Contains(
		page,
		"6 gelijksoortig",
	) {
		t.Error("quarterly page does not show the cluster")
	}
}

func TestSignoffFreezesAndAgenda(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	e.mustCreate(validComplaint())
	// Not while the quarter runs: the page says until when.
	if res := e.form("/reports/quarterly/sign", auth.RoleCoordinator, url.Values{"year": {"2026"}, "quarter": {"1"}}); res.Status != 409 ||
		!strings.Contains(string(res.Body), "2026-Q1 loopt nog tot en met 31-03-2026") {
		t.Fatalf("sign while the quarter runs = %d", res.Status)
	}
	if page := string(e.page("/reports/quarterly?year=2026&quarter=1", auth.RoleCoordinator).Body); !strings.Contains(
		page,
		"Dit kwartaal loopt nog tot en met 31-03-2026",
	) ||
		strings.Contains(page, `action="/reports/quarterly/sign"`) {
		t.Error("the page of a running quarter offers signing")
	}
	e.clock.Add(31 * 24 * time.Hour) // 2 April: the quarter is over
	if res := e.form("/reports/quarterly/sign", auth.RoleCoordinator, url.Values{"year": {"2026"}, "quarter": {"1"}}); res.Status != 303 {
		t.Fatalf("sign = %d", res.Status)
	}
	if res := e.form("/reports/quarterly/sign", auth.RoleCoordinator, url.Values{"year": {"2026"}, "quarter": {"1"}}); res.Status != 409 {
		t.Errorf("second signature by the same role = %d", res.Status)
	}
	e.mustCreate(validComplaint()) // after signing: the frozen figures stay
	res := e.page("/reports/quarterly.pdf?year=2026&quarter=1", auth.RoleManager)
	if res.Status != 200 {
		t.Fatalf("pdf = %d", res.Status)
	}
	page := string(e.page("/reports/quarterly?year=2026&quarter=1", auth.RoleManager).Body)
	if !strings.Contains(page, "vastgelegd zoals de beoordelaars") ||
		!strings.Contains(page, `<td class="num current">1</td>`) {
		t.Error("signed evaluation does not show the frozen figures")
	}
	if res := e.form("/reports/agenda", auth.RoleManager, url.Values{"year": {"2026"}, "quarter": {"1"}, "title": {"Dubbele incasso"}}); res.Status != 303 {
		t.Fatalf("agenda = %d", res.Status)
	}
	items, _ := e.store.AgendaItems(store.System(context.Background()), "2026-Q1")
	if len(items) != 1 {
		t.Fatalf("agenda items = %+v", items)
	}
	if res := e.form("/reports/agenda/"+itoa(items[0].ID)+"/conclusion", auth.RoleManager, url.Values{"year": {"2026"}, "quarter": {"1"}, "conclusion": {""}}); res.Status != 422 {
		t.Errorf("empty conclusion = %d", res.Status)
	}
	e.form(
		"/reports/agenda/"+itoa(items[0].ID)+"/conclusion",
		auth.RoleManager,
		url.Values{"year": {"2026"}, "quarter": {"1"}, "conclusion": {"Bank gewisseld; opgelost."}},
	)
	next := string(e.page("/reports/quarterly?year=2026&quarter=2", auth.RoleManager).Body)
	if !strings.Contains(next, "Dubbele incasso") || !strings.Contains(next, "Bank gewisseld; opgelost.") {
		t.Error("the next evaluation does not show the agenda item's conclusion")
	}
}
