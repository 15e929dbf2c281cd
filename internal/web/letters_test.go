package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/notify/pdftest"
	"github.com/klacht/klacht/internal/store"
)

func TestTemplatesAndPrintedLetters(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	ctx := store.System(context.Background())
	// An administrator's own outcome text; a bad one is refused inline.
	bad := url.Values{
		"kind":    {"outcome"},
		"lang":    {"nl"},
		"subject": {"Klacht {reference}"},
		"body":    {"Beste {naam}, {outcome}"},
	}
	res := e.form("/admin/templates", auth.RoleAdmin, bad)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "{naam}") ||
		!strings.Contains(string(res.Body), `id="f-body-outcome-nl-error"`) {
		t.Fatalf("bad template = %d", res.Status)
	}
	good := url.Values{"kind": {"outcome"}, "lang": {"nl"}, "subject": {"Afhandeling van klacht {reference}"},
		"body": {
			"Geachte {name},\n\nUw klacht {reference} over ons is afgehandeld:\n{outcome}\n\nHoogachtend,\n{handler}\n\n{status_link}",
		}}
	if res := e.form("/admin/templates", auth.RoleAdmin, good); res.Status != http.StatusSeeOther {
		t.Fatalf("save template = %d %s", res.Status, res.Body)
	}
	if tpl, custom, _ := e.srv.App.Template(ctx, notify.Outcome, "nl"); !custom ||
		!strings.HasPrefix(tpl.Body, "Geachte") {
		t.Errorf("template not saved: %+v", tpl)
	}

	// A complainant without e-mail is told by letter.
	body := validComplaint()
	delete(body["complainant"].(map[string]any), "email")
	body["complainant"].(map[string]any)["name"] = "Anaïs Ëlberg"
	c := e.mustCreate(body)
	path := "/api/v1/complaints/" + c.Reference + "/transitions"
	e.api(http.MethodPost, path, auth.RoleAgent, map[string]any{"status": "in_progress"})
	res = e.api(
		http.MethodPost,
		path,
		auth.RoleAgent,
		map[string]any{
			"status": "handled",
			"told": map[string]any{
				"via":     "letter",
				"summary": "Wij hebben € 12,50 teruggestort; de coördinator is geïnformeerd.",
			},
		},
	)
	if res.Status != 200 {
		t.Fatalf("handle = %d %s", res.Status, res.Body)
	}
	if page := string(e.page("/letters", auth.RoleAgent).Body); !strings.Contains(page, c.Reference) ||
		!strings.Contains(page, "Anaïs Ëlberg") {
		t.Error("the letters page does not list the waiting letter")
	}
	res = e.form("/letters/print", auth.RoleAgent, url.Values{})
	if res.Status != 200 || res.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(string(res.Body), "%PDF-") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("print = %d %s", res.Status, res.Header)
	}
	printed := res.Body
	if pending, _ := e.store.PendingLetters(ctx); len(pending) != 0 {
		t.Errorf("%d letters still waiting after printing", len(pending))
	}
	if res := e.form("/letters/print", auth.RoleAgent, url.Values{}); res.Status != http.StatusSeeOther {
		t.Errorf("printing nothing = %d, want a redirect back", res.Status)
	}
	// The printed letter says what the template and the complaint say.
	if out, ok := pdftest.Text(t, printed); ok {
		for _, want := range []string{"Geachte Anaïs Ëlberg,", "Damrak 1", "1012 LG", "Amsterdam", c.Reference, "€ 12,50", "coördinator is geïnformeerd"} {
			if !strings.Contains(out, want) {
				t.Errorf("printed letter lacks %q:\n%s", want, out)
			}
		}
	}
	// Restoring the built-in text.
	if res := e.form("/admin/templates", auth.RoleAdmin, url.Values{"kind": {"outcome"}, "lang": {"nl"}, "reset": {"true"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("reset = %d", res.Status)
	}
	if _, custom, _ := e.srv.App.Template(ctx, notify.Outcome, "nl"); custom {
		t.Error("reset left the custom template")
	}
}
