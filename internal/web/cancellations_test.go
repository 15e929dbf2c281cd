package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/sheet"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
	"github.com/xuri/excelize/v2"
)

func TestCancellationsAPI(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		body := map[string]any{
			"id":            "OPZ-1",
			"member_number": "123456",
			"name":          "Jan Jansen",
			"date":          "2026-02-20",
			"reason":        "unknown",
		}
		res := e.api(http.MethodPost, "/api/v1/cancellations", auth.RoleMembershipAdmin, body)
		var x api.CancellationView
		res.JSON(t, &x)
		if res.Status != 201 || x.Status != "to_call" || x.Source != "api" {
			t.Fatalf("create = %d %s", res.Status, res.Body)
		}
		if res := e.api(http.MethodPost, "/api/v1/cancellations", auth.RoleMembershipAdmin, body); res.Status != 200 {
			t.Errorf("repeat = %d, want 200 (stored before)", res.Status)
		}
		for _, bad := range []struct {
			mut   func(map[string]any)
			field string
		}{
			{func(m map[string]any) { delete(m, "member_number") }, "member_number"},
			{func(m map[string]any) { m["date"] = "20-20-2026" }, "date"},
			{func(m map[string]any) { m["reason"] = "aliens" }, "reason"},
			{func(m map[string]any) { m["id"] = "" }, "id"},
		} {
			b := map[string]any{"id": "OPZ-9", "member_number": "1", "date": "2026-02-20", "reason": "moved"}
			bad.mut(b)
			wantProblem(t, e.api(http.MethodPost, "/api/v1/cancellations", auth.RoleMembershipAdmin, b), 422, bad.field)
		}
		wantProblem(t, e.api(http.MethodPost, "/api/v1/cancellations", auth.RoleAgent, body), 403, "")

		// CSV through the API: a report by row, idempotent.
		data, bad := cancellation.SampleCSV(300, 20, 3)
		csvPost := func() cancellation.Report {
			res := e.do(
				http.MethodPost,
				"/api/v1/cancellations/import?source=crm",
				auth.RoleMembershipAdmin,
				strings.NewReader(string(data)),
				map[string]string{"Content-Type": "text/csv"},
			)
			var rep cancellation.Report
			res.JSON(t, &rep)
			if res.Status != 200 {
				t.Fatalf("import = %d %s", res.Status, res.Body)
			}
			return rep
		}
		rep := csvPost()
		if rep.Imported != 300-len(bad) || len(rep.Errors) != len(bad) {
			t.Errorf("import: %+v", rep)
		}
		if rep := csvPost(); rep.Imported != 0 || rep.Existing != 300-len(bad) {
			t.Errorf("again: %+v", rep)
		}
		// The same rows as an XLSX workbook, made by excelize here: the
		// same report, nothing added.
		res = e.do(http.MethodPost, "/api/v1/cancellations/import?source=crm", auth.RoleMembershipAdmin,
			bytes.NewReader(csvAsXLSX(t, data)), map[string]string{"Content-Type": sheet.ContentType})
		var xrep cancellation.Report
		res.JSON(t, &xrep)
		if res.Status != 200 || xrep.Imported != 0 || xrep.Existing != 300-len(bad) || len(xrep.Errors) != len(bad) {
			t.Errorf("the same file as XLSX = %d %+v", res.Status, xrep)
		}
		wantProblem(
			t,
			e.do(
				http.MethodPost,
				"/api/v1/cancellations/import",
				auth.RoleMembershipAdmin,
				strings.NewReader("x"),
				map[string]string{"Content-Type": "application/json"},
			),
			415,
			"",
		)

		// Work the item: calls, conclusion, the complaint behind it.
		path := "/api/v1/cancellations/" + itoa(x.ID)
		wantProblem(
			t,
			e.api(http.MethodPost, path+"/calls", auth.RoleAgent, map[string]any{"result": "maybe"}),
			422,
			"result",
		)
		wantProblem(
			t,
			e.api(http.MethodPost, path+"/conclusion", auth.RoleAgent, map[string]any{"recorded_reason": "moved"}),
			409,
			"",
		)
		res = e.api(
			http.MethodPost,
			path+"/calls",
			auth.RoleAgent,
			map[string]any{"result": "reached", "note": "Boos over telemarketing"},
		)
		res.JSON(t, &x)
		if res.Status != 200 || x.Status != "reached" || x.Attempts != 1 {
			t.Fatalf("call = %d %s", res.Status, res.Body)
		}
		res = e.api(
			http.MethodPost,
			path+"/conclusion",
			auth.RoleAgent,
			map[string]any{"recorded_reason": "contact_annoyance", "offer": "newsletter_only", "offer_accepted": "yes"},
		)
		if res.Status != 200 {
			t.Fatalf("conclusion = %d %s", res.Status, res.Body)
		}
		res = e.api(
			http.MethodPost,
			path+"/complaint",
			auth.RoleAgent,
			map[string]any{"category": "telemarketing", "description": "Werd steeds gebeld; zegde daarom op."},
		)
		var c api.ComplaintView
		res.JSON(t, &c)
		if res.Status != 201 || c.Channel != "cancellation" || c.Complainant.MemberNumber != "123456" {
			t.Fatalf("complaint behind = %d %s", res.Status, res.Body)
		}
		wantProblem(
			t,
			e.api(
				http.MethodPost,
				path+"/complaint",
				auth.RoleAgent,
				map[string]any{"category": "telemarketing", "description": "twice"},
			),
			409,
			"",
		)
		got, _ := e.store.Cancellation(ctx, x.ID)
		if got.ComplaintRef != c.Reference {
			t.Errorf("cancellation links %q, want %s", got.ComplaintRef, c.Reference)
		}
		if page := string(e.page("/complaints/"+c.Reference, auth.RoleAgent).Body); !strings.Contains(
			page,
			`href="/cancellations/`+itoa(x.ID)+`"`,
		) {
			t.Error("the complaint does not link back to its cancellation")
		}
		if offered, accepted, _ := e.store.SaveRate(ctx); offered != 1 || accepted != 1 {
			t.Errorf("save rate %d/%d", accepted, offered)
		}
	})
}

func TestCallListUI(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	ctx := store.System(context.Background())
	data, _ := cancellation.SampleCSV(40, 0, 5)
	// Import through the page: a preview first, then the import.
	res := e.publicPostAs(
		"/cancellations/import",
		auth.RoleMembershipAdmin,
		url.Values{"source": {"ledenadministratie"}},
		"file",
		"opzeggingen.csv",
		data,
	)
	if res.Status != 200 || !strings.Contains(string(res.Body), "De 40 goede regels importeren") {
		t.Fatalf("preview = %d", res.Status)
	}
	if n, _ := e.store.CountCancellations(ctx, ""); n != 0 {
		t.Fatal("the preview imported")
	}
	res = e.form(
		"/cancellations/import",
		auth.RoleMembershipAdmin,
		url.Values{"source": {"ledenadministratie"}, "confirm": {"true"}, "csv": {string(data)}},
	)
	if res.Status != 200 || !strings.Contains(string(res.Body), "40 geïmporteerd") {
		t.Fatalf("import = %d %s", res.Status, res.Body)
	}
	list := string(e.page("/cancellations", auth.RoleAgent).Body)
	if !strings.Contains(list, "Te bellen") {
		t.Fatal("call list page")
	}
	items, _ := e.store.Cancellations(ctx, cancellation.ToCall, 1)
	id := itoa(items[0].ID)
	if res := e.form("/cancellations/"+id+"/call", auth.RoleAgent, url.Values{}); res.Status != 422 ||
		!strings.Contains(string(res.Body), `id="f-result-error"`) {
		t.Errorf("empty call = %d", res.Status)
	}
	for range 3 {
		e.form("/cancellations/"+id+"/call", auth.RoleAgent, url.Values{"result": {"not_reached"}})
	}
	if x, _ := e.store.Cancellation(ctx, items[0].ID); x.Status != cancellation.NotReached {
		t.Errorf("after three calls: %s", x.Status)
	}
}

// TestImportPageMapsColumns: the import page takes a column
// mapping (remembered per source), keeps the source, reads Dutch reason
// labels, says which reasons are allowed, and the call list shows the
// phone number.
func TestImportPageMapsColumns(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	file := "Opzegnummer;Lidnr;Naam;Telefoon;Datum;Reden\r\nA1;123;Jan;06-12345678;02-03-2026;Verhuisd\r\nA2;124;Els;;03-03-2026;weg\r\n"
	mapping := "id=Opzegnummer,member_number=Lidnr,name=Naam,phone=Telefoon,date=Datum,reason=Reden"
	send := func(v url.Values) response {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		for k, vals := range v {
			for _, val := range vals {
				w.WriteField(k, val)
			}
		}
		fw, _ := w.CreateFormFile("file", "opzeggingen.csv")
		fw.Write([]byte(file))
		w.Close()
		return e.do(
			http.MethodPost,
			"/cancellations/import",
			"",
			&b,
			map[string]string{"Content-Type": w.FormDataContentType(),
				"Cookie": "klacht_session=" + e.session(auth.RoleMembershipAdmin)},
		)
	}
	res := send(url.Values{"source": {"crm"}, "mapping": {mapping}})
	body := string(res.Body)
	if res.Status != 200 || !strings.Contains(body, `value="crm"`) ||
		!strings.Contains(body, "Gebruik een van: verhuisd, financieel") {
		t.Fatalf("preview = %d\n%s", res.Status, body)
	}
	if res := send(url.Values{"source": {"crm"}, "mapping": {"kleur=Rood"}}); res.Status != 422 ||
		!strings.Contains(string(res.Body), `id="f-mapping-error"`) {
		t.Errorf("a bad mapping = %d", res.Status)
	}
	// Importing the good row remembers the mapping for the source.
	good := "Opzegnummer;Lidnr;Naam;Telefoon;Datum;Reden\r\nA1;123;Jan;06-12345678;02-03-2026;Verhuisd\r\n"
	if res := e.form("/cancellations/import", auth.RoleMembershipAdmin, url.Values{"source": {"crm"}, "mapping": {mapping}, "csv": {good}, "confirm": {"true"}}); res.Status != 200 {
		t.Fatalf("import = %d %s", res.Status, res.Body)
	}
	m, found, err := e.store.Mapping(store.System(context.Background()), "crm")
	if err != nil || !found || m["member_number"] != "Lidnr" {
		t.Errorf("remembered mapping %v, %v, %v", m, found, err)
	}
	found = false
	for _, st := range []string{"to_call", "reached", "not_reached", "done"} {
		list := string(e.page("/cancellations?status="+st, auth.RoleAgent).Body)
		found = found || strings.Contains(list, `href="tel:06-12345678"`)
	}
	if !found {
		t.Error("the call list does not show the phone number")
	}
}

// csvAsXLSX writes a CSV file's rows into a workbook, each cell as text.
func csvAsXLSX(t *testing.T, data []byte) []byte {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range recs {
		row := make([]any, len(r))
		for j, c := range r {
			row[j] = c
		}
		if err := f.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
