package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/notify/pdftest"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
)

// TestAppealDecisionLetter: an appeal filed by staff for a complainant
// without e-mail is acknowledged by letter; the board's decision is sent
// by letter too, and the printed PDF holds the decision and the reference.
func TestAppealDecisionLetter(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		body := validComplaint()
		delete(body["complainant"].(map[string]any), "email")
		c := e.mustCreate(body)
		tr := "/api/v1/complaints/" + c.Reference + "/transitions"
		appeals := "/api/v1/complaints/" + c.Reference + "/appeals"
		wantProblem(t, e.api(http.MethodPost, appeals, auth.RoleAgent, map[string]any{"grounds": "Oneens"}), 409, "")
		e.api(http.MethodPost, tr, auth.RoleAgent, map[string]any{"status": "in_progress"})
		e.api(
			http.MethodPost,
			tr,
			auth.RoleAgent,
			map[string]any{"status": "handled", "told": map[string]any{"via": "phone", "summary": "Uitgelegd"}},
		)
		wantProblem(t, e.api(http.MethodPost, appeals, auth.RoleAgent, map[string]any{"grounds": " "}), 422, "grounds")
		res := e.api(http.MethodPost, appeals, auth.RoleAgent, map[string]any{"grounds": "De uitleg klopt niet."})
		var a api.AppealView
		res.JSON(t, &a)
		if res.Status != 201 || !a.DueAt.Equal(complaint.DueAt(a.FiledAt, 30, e.srv.Profile().Location())) {
			t.Fatalf("file = %d %s", res.Status, res.Body)
		}
		wantProblem(t, e.api(http.MethodPost, appeals, auth.RoleAgent, map[string]any{"grounds": "Nog eens"}), 409, "")
		decide := "/api/v1/appeals/" + itoa(a.ID) + "/decision"
		wantProblem(
			t,
			e.api(http.MethodPost, decide, auth.RoleAgent, map[string]any{"decision": "upheld", "reasoning": "x"}),
			403,
			"",
		)
		wantProblem(
			t,
			e.api(http.MethodPost, decide, auth.RoleBoard, map[string]any{"decision": "maybe", "reasoning": ""}),
			422,
			"decision",
		)
		res = e.api(
			http.MethodPost,
			decide,
			auth.RoleBoard,
			map[string]any{"decision": "partly_upheld", "reasoning": "De klager had deels gelijk; wij bieden excuses aan."},
		)
		if res.Status != 200 {
			t.Fatalf("decide = %d %s", res.Status, res.Body)
		}
		wantProblem(
			t,
			e.api(http.MethodPost, decide, auth.RoleBoard, map[string]any{"decision": "rejected", "reasoning": "again"}),
			409,
			"",
		)
		letters, _ := e.store.PendingLetters(ctx)
		var kinds []string
		for _, l := range letters {
			kinds = append(kinds, l.Kind)
		}
		if strings.Join(kinds, " ") != "appeal_ack appeal_decision" {
			t.Fatalf("letters = %v", kinds)
		}
		pdf := e.form("/letters/print", auth.RoleAgent, url.Values{})
		if pdf.Status != 200 {
			t.Fatalf("print = %d", pdf.Status)
		}
		out, ok := pdftest.Text(t, pdf.Body)
		for _, want := range []string{c.Reference, "gedeeltelijk gegrond", "De klager had deels gelijk; wij bieden excuses aan.", "Het bestuur beslist uiterlijk", "Jan Jansen"} {
			if ok && !strings.Contains(out, want) {
				t.Errorf("letters lack %q", want)
			}
		}
		page := string(e.page("/complaints/"+c.Reference, auth.RoleAgent).Body)
		if !strings.Contains(page, "er is beroep ingesteld") || !strings.Contains(page, "het bestuur besliste") {
			t.Error("the complaint's timeline does not show the whole appeal")
		}
	})
}

func TestBoardQueueUI(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	c := e.mustCreate(validComplaint())
	tr := "/api/v1/complaints/" + c.Reference + "/transitions"
	e.api(http.MethodPost, tr, auth.RoleAgent, map[string]any{"status": "in_progress"})
	e.api(
		http.MethodPost,
		tr,
		auth.RoleAgent,
		map[string]any{"status": "handled", "told": map[string]any{"via": "email", "summary": "Opgelost"}},
	)
	if res := e.form("/complaints/"+c.Reference+"/appeal", auth.RoleAgent, url.Values{"grounds": {"Telefonisch beroep"}}); res.Status != 303 {
		t.Fatalf("file = %d %s", res.Status, res.Body)
	}
	queue := string(e.page("/appeals", auth.RoleBoard).Body)
	if !strings.Contains(queue, c.Reference) {
		t.Fatal("queue lacks the appeal")
	}
	list, _ := e.store.Appeals(store.System(context.Background()), true, 5)
	path := "/appeals/" + itoa(list[0].ID)
	if res := e.form(path+"/decision", auth.RoleBoard, url.Values{"decision": {""}, "reasoning": {""}}); res.Status != 422 ||
		!strings.Contains(string(res.Body), `id="f-decision-error"`) {
		t.Errorf("empty decision = %d", res.Status)
	}
	if res := e.form(path+"/decision", auth.RoleBoard, url.Values{"decision": {"rejected"}, "reasoning": {"Correct afgehandeld."}}); res.Status != 303 {
		t.Fatalf("decide = %d %s", res.Status, res.Body)
	}
	if page := string(e.page(path, auth.RoleBoard).Body); !strings.Contains(page, "Ongegrond") {
		t.Error("decision not shown")
	}
}
