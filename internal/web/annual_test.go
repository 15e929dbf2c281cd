package web

import (
	"archive/zip"
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/web/kit"
)

// TestAnnualEditAndPublish: the editor adjusts the text, publishes it
// (the public page shows it, frozen), cannot edit it while published, and
// withdraws it (the public page is gone).
func TestAnnualEditAndPublish(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	e.mustCreate(validComplaint())
	if res := e.page("/annual/2026", ""); res.Status != http.StatusNotFound {
		t.Fatalf("unpublished summary is public: %d", res.Status)
	}
	text := "In 2026 kwam er één klacht binnen.\n\nWij hebben de beller aangesproken."
	res := e.api(
		http.MethodPut,
		"/api/v1/reports/annual/text",
		auth.RoleManager,
		map[string]any{"year": 2026, "lang": "nl", "text": text},
	)
	var a report.Annual
	res.JSON(t, &a)
	if res.Status != 200 || !a.Edited || len(a.Paragraphs) != 2 ||
		a.Paragraphs[1] != "Wij hebben de beller aangesproken." {
		t.Fatalf("save text = %d %s", res.Status, res.Body)
	}
	wantProblem(
		t,
		e.api(
			http.MethodPut,
			"/api/v1/reports/annual/text",
			auth.RoleManager,
			map[string]any{"year": 2026, "lang": "de", "text": "x"},
		),
		422,
		"lang",
	)
	wantProblem(
		t,
		e.api(
			http.MethodPut,
			"/api/v1/reports/annual/text",
			auth.RoleManager,
			map[string]any{"year": 2026, "lang": "nl", "text": strings.Repeat("x", 20_001)},
		),
		422,
		"text",
	)
	wantProblem(
		t,
		e.api(
			http.MethodPut,
			"/api/v1/reports/annual/text",
			auth.RoleMembershipAdmin,
			map[string]any{"year": 2026, "lang": "nl", "text": "x"},
		),
		403,
		"",
	)
	page := string(e.page("/reports/annual?year=2026&lang=nl", auth.RoleCoordinator).Body)
	if !strings.Contains(page, "Wij hebben de beller aangesproken.") || !strings.Contains(page, "Tekst aangepast op") {
		t.Error("the annual page does not show the edited text")
	}
	// The UI's reset returns to the generated text; saving again edits.
	if res := e.form("/reports/annual/text", auth.RoleCoordinator, url.Values{"year": {"2026"}, "lang": {"nl"}, "reset": {"true"}, "text": {"weg"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("reset = %d", res.Status)
	}
	page = string(e.page("/reports/annual?year=2026&lang=nl", auth.RoleCoordinator).Body)
	if !strings.Contains(page, "In 2026 zijn er minder dan 5 klachten binnengekomen.") ||
		!strings.Contains(page, "Tekst geschreven uit de gegevens") {
		t.Error("reset did not return to the text from the data")
	}
	if res := e.form("/reports/annual/text", auth.RoleCoordinator, url.Values{"year": {"2026"}, "lang": {"nl"}, "text": {text}}); res.Status != http.StatusSeeOther {
		t.Fatalf("save = %d", res.Status)
	}
	if res := e.form("/reports/annual/publication", auth.RoleCoordinator, url.Values{"year": {"2026"}, "lang": {"nl"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("publish = %d %s", res.Status, res.Body)
	}
	// Published: public, frozen, not editable.
	pub := e.page("/annual/2026?lang=nl", "")
	if pub.Status != 200 || !strings.Contains(string(pub.Body), "Wij hebben de beller aangesproken.") ||
		!strings.Contains(string(pub.Body), "Jaaroverzicht 2026") {
		t.Fatalf("public page = %d", pub.Status)
	}
	e.mustCreate(validComplaint())
	res = e.api(http.MethodGet, "/api/v1/reports/annual?year=2026&lang=nl", auth.RoleManager, nil)
	res.JSON(t, &a)
	if a.Total != 1 || a.PublishedAt == nil {
		t.Errorf("published summary moved with the data: total %d, published %v", a.Total, a.PublishedAt)
	}
	wantProblem(
		t,
		e.api(
			http.MethodPut,
			"/api/v1/reports/annual/text",
			auth.RoleManager,
			map[string]any{"year": 2026, "lang": "nl", "text": "nieuw"},
		),
		409,
		"",
	)
	wantProblem(
		t,
		e.api(http.MethodPost, "/api/v1/reports/annual/publication?year=2026&lang=nl", auth.RoleManager, nil),
		409,
		"",
	)
	if res := e.form("/reports/annual/text", auth.RoleCoordinator, url.Values{"year": {"2026"}, "lang": {"nl"}, "text": {"nieuw"}}); res.Status != http.StatusConflict {
		t.Errorf("editing a published summary in the UI = %d", res.Status)
	}
	if pdf := e.page("/annual/2026?lang=nl&format=pdf", ""); pdf.Status != 200 ||
		!bytes.HasPrefix(pdf.Body, []byte("%PDF")) {
		t.Errorf("public PDF = %d", pdf.Status)
	}
	// Withdrawn: gone from the public, editable again.
	if res := e.api(http.MethodDelete, "/api/v1/reports/annual/publication?year=2026&lang=nl", auth.RoleManager, nil); res.Status != 200 {
		t.Fatalf("withdraw = %d %s", res.Status, res.Body)
	}
	wantProblem(
		t,
		e.api(http.MethodDelete, "/api/v1/reports/annual/publication?year=2026&lang=nl", auth.RoleManager, nil),
		409,
		"",
	)
	if res := e.page("/annual/2026?lang=nl", ""); res.Status != http.StatusNotFound {
		t.Errorf("withdrawn summary still public: %d", res.Status)
	}
	// The page published both languages together; the UI's
	// withdrawal takes back what is still public, and the public 404 then
	// speaks the page's language with the organisation's name.
	if res := e.page("/annual/2026?lang=en", ""); res.Status != 200 ||
		!strings.Contains(string(res.Body), "Yearly summary 2026") {
		t.Errorf("English, published with Dutch, = %d", res.Status)
	}
	if res := e.form("/reports/annual/publication", auth.RoleCoordinator, url.Values{"year": {"2026"}, "lang": {"en"}, "withdraw": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("withdraw on the page = %d %s", res.Status, res.Body)
	}
	res = e.page("/annual/2026?lang=en", "")
	if body := string(res.Body); res.Status != http.StatusNotFound || !strings.Contains(body, `lang="en"`) ||
		!strings.Contains(body, "Milieudefensie") {
		t.Errorf("withdrawn English page = %d", res.Status)
	}
}

// TestReportFormats: both reports in every format the API offers.
func TestReportFormats(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	e.mustCreate(validComplaint())
	for _, c := range []struct {
		path, contentType, contains string
	}{
		{"/api/v1/reports/quarterly?year=2026&quarter=1&format=csv", "text/csv", "figure,Cijfer,2026-Q1"},
		{"/api/v1/reports/quarterly?year=2026&quarter=1&format=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
		{"/api/v1/reports/quarterly?year=2026&quarter=1&format=html&lang=en", "text/html", "Complaints received"},
		{"/api/v1/reports/quarterly?year=2026&quarter=1&format=pdf", "application/pdf", "%PDF"},
		{"/api/v1/reports/annual?year=2026&lang=en&format=csv", "text/csv", "2026,telemarketing,Telemarketing,<5,"},
		{"/api/v1/reports/annual?year=2026&lang=nl&format=html", "text/html", "In 2026 zijn er minder dan 5 klachten binnengekomen."},
		{"/api/v1/reports/annual?year=2026&lang=nl&format=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
		{"/api/v1/reports/annual?year=2026&lang=nl&format=pdf", "application/pdf", "%PDF"},
	} {
		res := e.api(http.MethodGet, c.path, auth.RoleManager, nil)
		if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), c.contentType) ||
			!strings.Contains(string(res.Body), c.contains) {
			t.Errorf("%s = %d %s", c.path, res.Status, res.Header.Get("Content-Type"))
		}
		if strings.Contains(c.path, "xlsx") {
			if _, err := zip.NewReader(bytes.NewReader(res.Body), int64(len(res.Body))); err != nil {
				t.Errorf("%s is not a zip: %v", c.path, err)
			}
		}
	}
	wantProblem(
		t,
		e.api(http.MethodGet, "/api/v1/reports/quarterly?year=2026&quarter=1&format=docx", auth.RoleManager, nil),
		422,
		"format",
	)
	wantProblem(
		t,
		e.api(http.MethodGet, "/api/v1/reports/annual?year=2026&format=odt", auth.RoleManager, nil),
		422,
		"format",
	)
	wantProblem(
		t,
		e.api(http.MethodGet, "/api/v1/reports/quarterly?year=2026&quarter=1&format=xlsx&lang=fr", auth.RoleManager, nil),
		422,
		"lang",
	)
}

// TestVolumeImport: a CSV of contact volumes is stored whole, or with any
// bad line not at all, each bad line named.
func TestVolumeImport(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	csvPost := func(body string) response {
		return e.do(
			http.MethodPost,
			"/api/v1/contact-volumes/import",
			auth.RoleManager,
			strings.NewReader(body),
			map[string]string{"Content-Type": "text/csv"},
		)
	}
	volumes := func() int {
		var out struct{ Items []any }
		e.api(http.MethodGet, "/api/v1/contact-volumes?year=2026", auth.RoleManager, nil).JSON(t, &out)
		return len(out.Items)
	}
	bad := "van;tot;soort;aantal\n2026-01-01;2026-07-01;telemarketing_calls;14.150\n2026-07-01;2026-01-01;donors;x\n2026-01-01;2026-07-01;calls;5\n"
	res := csvPost(bad)
	wantProblem(t, res, 422, "")
	var p kit.Problem
	res.JSON(t, &p)
	fields := map[string]bool{}
	for _, f := range p.Errors {
		fields[f.Field] = true
	}
	if !fields["rows[3].volume"] || !fields["rows[4].kind"] || fields["rows[2].volume"] {
		t.Errorf("problem fields = %+v", p.Errors)
	}
	if n := volumes(); n != 0 {
		t.Fatalf("a refused import wrote %d volumes", n)
	}
	wantProblem(t, csvPost("from,to,kind\n2026-01-01,2026-07-01,donors\n"), 422, "")
	wantProblem(
		t,
		e.do(
			http.MethodPost,
			"/api/v1/contact-volumes/import",
			auth.RoleManager,
			strings.NewReader("x"),
			map[string]string{"Content-Type": "application/json"},
		),
		415,
		"",
	)
	good := "from,to,kind,volume\n2026-01-01,2026-07-01,telemarketing_calls,14150\n2026-07-01,2027-01-01,telemarketing_calls,14150\n"
	if res := csvPost(good); res.Status != 200 || !strings.Contains(string(res.Body), `"imported":2`) {
		t.Fatalf("good import = %d %s", res.Status, res.Body)
	}
	if n := volumes(); n != 2 {
		t.Errorf("volumes after import = %d, want 2", n)
	}
	// The page names each bad line, in the user's language, and keeps nothing.
	page := e.publicPostAs(
		"/reports/volumes/import",
		auth.RoleManager,
		url.Values{"year": {"2026"}},
		"file",
		"volumes.csv",
		[]byte(bad),
	)
	body := string(page.Body)
	if page.Status != 422 || !strings.Contains(body, "Regel 3, aantal: Vul een heel getal in.") ||
		!strings.Contains(body, "Regel 4, soort:") {
		t.Errorf("refused import page = %d", page.Status)
	}
	page = e.publicPostAs(
		"/reports/volumes/import",
		auth.RoleManager,
		url.Values{"year": {"2026"}},
		"file",
		"volumes.csv",
		[]byte("a,b\n1,2\n"),
	)
	if page.Status != 422 || !strings.Contains(string(page.Body), `id="f-file-error"`) {
		t.Errorf("import without columns = %d", page.Status)
	}
	if res := e.publicPostAs("/reports/volumes/import", auth.RoleManager, url.Values{"year": {"2026"}}, "file", "v.csv", []byte("van,tot,soort,aantal\n2026-01-01,2027-01-01,donors,800\n")); res.Status != http.StatusSeeOther {
		t.Errorf("good import from the page = %d", res.Status)
	}
	if n := volumes(); n != 3 {
		t.Errorf("volumes after the page's import = %d, want 3", n)
	}
}
