package web

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/history"
	"github.com/klacht/klacht/internal/web/api"
)

// TestHistoryImport: the old register through the page (a preview, then
// the good rows when asked) and through the API (422 with the report when
// rows are refused); each complaint says on its timeline it was imported,
// keeps its old reference, and later complaints are not given it.
func TestHistoryImport(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		file := "id;reference;received_at;channel;category;description;name;status;handled_at\n" +
			"A1;K-2019-00007;12-03-2019;Telefoon;Telemarketing;Te vaak gebeld.;Ans;Afgehandeld;20-03-2019\n" +
			"A2;;2019-05-01;email;Street recruitment;Opdringerig op straat.;Bert;;\n" +
			"A3;;2019-05-02;fax;telemarketing;Onbekend kanaal.;Cor;;\n"
		upload := func(fields map[string]string) response {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			for k, v := range fields {
				mw.WriteField(k, v)
			}
			fw, _ := mw.CreateFormFile("file", "oud.csv")
			fw.Write([]byte(file))
			mw.Close()
			return e.do(http.MethodPost, "/complaints/import", "", &body, map[string]string{
				"Content-Type": mw.FormDataContentType(), "Cookie": "klacht_session=" + e.session(auth.RoleCoordinator)})
		}
		res := upload(map[string]string{"source": "excel"})
		page := string(res.Body)
		if res.Status != 200 || !strings.Contains(page, "zouden er 2 worden ingelezen") || !strings.Contains(page, `Onbekende waarde &#34;fax&#34;`) {
			t.Fatalf("preview = %d %s", res.Status, page)
		}
		if e.count() != 0 {
			t.Fatal("a preview stored complaints")
		}
		// Confirming without choosing the good rows imports nothing.
		confirm := func(good bool) response {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			mw.WriteField("source", "excel")
			mw.WriteField("confirm", "true")
			mw.WriteField("csv", file)
			if good {
				mw.WriteField("good_rows", "true")
			}
			mw.Close()
			return e.do(http.MethodPost, "/complaints/import", "", &body, map[string]string{
				"Content-Type": mw.FormDataContentType(), "Cookie": "klacht_session=" + e.session(auth.RoleCoordinator)})
		}
		if res := confirm(false); res.Status != 422 || e.count() != 0 {
			t.Fatalf("all or none = %d, %d stored", res.Status, e.count())
		}
		if res := confirm(true); res.Status != 200 || !strings.Contains(string(res.Body), "2 ingelezen") || e.count() != 2 {
			t.Fatalf("good rows = %d %s", res.Status, res.Body)
		}
		var old api.ComplaintView
		e.api(http.MethodGet, "/api/v1/complaints/K-2019-00007", auth.RoleCoordinator, nil).JSON(t, &old)
		if old.Status != "handled" || old.Complainant.Name != "Ans" || old.HandledAt == nil {
			t.Errorf("the kept reference: %+v", old)
		}
		tl := string(e.api(http.MethodGet, "/api/v1/complaints/K-2019-00007/timeline", auth.RoleCoordinator, nil).Body)
		if !strings.Contains(tl, `"kind":"imported"`) || !strings.Contains(tl, `"source":"excel"`) {
			t.Errorf("timeline: %s", tl)
		}
		// Bert's complaint was numbered in 2019, after the kept 00007.
		var list struct{ Items []api.ComplaintView }
		e.api(http.MethodGet, "/api/v1/complaints?q=Bert", auth.RoleCoordinator, nil).JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].Reference != "K-2019-00008" || list.Items[0].Status != "closed" {
			t.Errorf("a new reference in the year received: %+v", list.Items)
		}
		// The API: refused rows answer 422 with the report, nothing stored.
		res = e.do(http.MethodPost, "/api/v1/imports/complaints?source=api-test", auth.RoleCoordinator,
			strings.NewReader(file), map[string]string{"Content-Type": "text/csv"})
		var p struct {
			Status int            `json:"status"`
			Report history.Report `json:"report"`
		}
		json.Unmarshal(res.Body, &p)
		if res.Status != 422 || p.Report.Rows != 3 || len(p.Report.Errors) != 2 || e.count() != 2 {
			t.Errorf("api = %d %s", res.Status, res.Body)
		}
		wantProblem(t, e.api(http.MethodPost, "/api/v1/imports/complaints", auth.RoleAgent, "x"), 403, "")
	})
}
