package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/report"
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
	if !strings.HasPrefix(string(csv.Body), "figure,2026-Q1,2025-Q4") || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("csv = %q", csv.Body)
	}
	wantProblem(t, e.api(http.MethodGet, "/api/v1/reports/quarterly?year=2026&quarter=7", auth.RoleManager, nil), 422, "quarter")
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
