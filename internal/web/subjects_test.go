package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/notify/pdftest"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
)

// TestDataSubjectRights: the DPO finds a person's complaints, exports them
// (JSON with the timeline; a PDF in the person's language), and erases
// them after confirming; the evaluation's totals do not move, and every
// step is in the audit log.
func TestDataSubjectRights(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	c := e.mustCreate(validComplaint())
	other := validComplaint()
	other["complainant"].(map[string]any)["email"] = "els@example.nl"
	other["complainant"].(map[string]any)["member_number"] = "999"
	other["complainant"].(map[string]any)["name"] = "Els"
	e.mustCreate(other)
	totals := func() int {
		var ev report.Evaluation
		e.api(http.MethodGet, "/api/v1/reports/quarterly?year=2026&quarter=1", auth.RoleManager, nil).JSON(t, &ev)
		return ev.Columns[0].Received*1000 + ev.Columns[0].Incomplete
	}
	before := totals()

	page := string(e.page("/privacy/subjects?email=JAN@example.nl", auth.RoleDPO).Body)
	if !strings.Contains(page, c.Reference) || strings.Contains(page, "Els") ||
		!strings.Contains(page, "1 klachten en 0 opzeggingen") {
		t.Fatalf("search page does not list Jan's complaint alone")
	}
	res := e.api(http.MethodGet, "/api/v1/subjects?member_number=123456", auth.RoleDPO, nil)
	body := string(res.Body)
	if res.Status != 200 ||
		!strings.Contains(body, `"name": "Jan Jansen"`) && !strings.Contains(body, `"name":"Jan Jansen"`) ||
		!strings.Contains(body, `"timeline"`) {
		t.Errorf("JSON export = %d %s", res.Status, body)
	}
	pdf := e.api(http.MethodGet, "/api/v1/subjects?member_number=123456&format=pdf&lang=en", auth.RoleDPO, nil)
	if pdf.Status != 200 || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF export = %d", pdf.Status)
	}
	if text, ok := pdftest.Text(t, pdf.Body); ok {
		for _, want := range []string{"The data we hold about you", c.Reference, "Jan Jansen", "Damrak 1", "jan@example.nl"} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF lacks %q", want)
			}
		}
	}
	wantProblem(t, e.api(http.MethodGet, "/api/v1/subjects", auth.RoleDPO, nil), 422, "email")
	wantProblem(
		t,
		e.api(http.MethodPost, "/api/v1/subjects/erase", auth.RoleDPO, map[string]any{"postcode": "1012LG"}),
		422,
		"postcode",
	)

	// Erasing needs the box ticked.
	form := url.Values{"email": {"jan@example.nl"}}
	if res := e.form("/privacy/subjects/erase", auth.RoleDPO, form); res.Status != 422 ||
		!strings.Contains(string(res.Body), `id="f-confirm-error"`) {
		t.Fatalf("erase unconfirmed = %d", res.Status)
	}
	if n := e.count(); n != 2 {
		t.Fatalf("%d complaints", n)
	}
	form.Set("confirm", "yes")
	if res := e.form("/privacy/subjects/erase", auth.RoleDPO, form); res.Status != http.StatusSeeOther ||
		!strings.Contains(res.Header.Get("Location"), "erased=1") {
		t.Fatalf("erase = %d %s", res.Status, res.Header.Get("Location"))
	}
	if page := string(e.page("/privacy/subjects?email=jan@example.nl", auth.RoleDPO).Body); !strings.Contains(
		page,
		"Het register bevat niets over deze persoon.",
	) {
		t.Error("Jan is still found after the erasure")
	}
	var got api.ComplaintView
	e.api(http.MethodGet, "/api/v1/complaints/"+c.Reference, auth.RoleCoordinator, nil).JSON(t, &got)
	if got.Complainant.Name != store.Removed || strings.Contains(got.Description, "gebeld") {
		t.Errorf("after erasure the complaint holds %+v %q", got.Complainant, got.Description)
	}
	if after := totals(); after != before {
		t.Errorf("evaluation moved: %d → %d", before, after)
	}
	for _, action := range []string{"privacy.search", "privacy.export", "privacy.pseudonymised"} {
		if log, _ := e.store.AuditLog(t.Context(), store.AuditFilter{Action: action}, 10); len(log) == 0 ||
			log[0].Actor.Role != "dpo" {
			t.Errorf("%s not audited as the DPO: %+v", action, log)
		}
	}
}
