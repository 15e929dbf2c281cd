package web

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
)

// TestRegisterExport: the export follows the list's filter and order, in
// the reader's language, as CSV and XLSX, is recorded in the audit log,
// and refuses a format it does not know.
func TestRegisterExport(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	first := e.mustCreate(validComplaint())
	body := validComplaint()
	body["category"] = "privacy"
	body["description"] = `=HYPERLINK("http://evil")`
	second := e.mustCreate(body)
	res := e.api(http.MethodGet, "/api/v1/exports/complaints?format=csv&category=telemarketing", auth.RoleCoordinator, nil)
	if res.Status != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), ".csv") {
		t.Fatalf("export = %d %v", res.Status, res.Header)
	}
	recs, err := csv.NewReader(strings.NewReader(string(res.Body))).ReadAll()
	if err != nil || len(recs) != 2 || recs[1][0] != first.Reference {
		t.Fatalf("csv %q %v", recs, err)
	}
	if recs[0][0] != "Kenmerk" || recs[0][1] != "Status" { // the reader's language
		t.Errorf("header %q", recs[0])
	}
	// The page's link, in Dutch, with the filter the list had; text that
	// would run as a formula stays text.
	page := string(e.page("/complaints?category=privacy", auth.RoleCoordinator).Body)
	if !strings.Contains(page, `href="/complaints/export?category=privacy&amp;format=xlsx"`) {
		t.Errorf("the list offers no XLSX download of its filter")
	}
	res = e.page("/complaints/export?category=privacy&format=csv", auth.RoleCoordinator)
	if res.Status != 200 || !strings.HasPrefix(string(res.Body), "Kenmerk") ||
		!strings.Contains(string(res.Body), second.Reference) || strings.Contains(string(res.Body), first.Reference) ||
		!strings.Contains(string(res.Body), `'=HYPERLINK`) {
		t.Errorf("page export = %d %.300s", res.Status, res.Body)
	}
	res = e.page("/complaints/export?format=xlsx", auth.RoleCoordinator)
	if text := xlsxText(t, res.Body); !strings.Contains(text, first.Reference) || !strings.Contains(text, second.Reference) {
		t.Errorf("xlsx export: %s", text)
	}
	wantProblem(t, e.api(http.MethodGet, "/api/v1/exports/complaints?format=pdf", auth.RoleCoordinator, nil), 422, "format")
	wantProblem(t, e.api(http.MethodGet, "/api/v1/exports/complaints?format=csv&status=lost", auth.RoleCoordinator, nil), 422, "status")
	if res := e.page("/complaints/export", auth.RoleCoordinator); res.Status != 422 || !strings.Contains(string(res.Body), "Kies csv of xlsx") {
		t.Errorf("page export without a format = %d", res.Status)
	}
	entries, err := e.store.AuditLog(store.System(t.Context()), store.AuditFilter{Action: "complaint.export"}, 10)
	if err != nil || len(entries) != 3 {
		t.Errorf("audit log has %d exports: %v", len(entries), err)
	}
}
