package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
)

// TestSearchAPIAndPage: q answers best match first with a marked snippet,
// in the API and on the list; a name still finds its complaints; bad
// sorting with search is named.
func TestSearchAPIAndPage(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	for _, text := range []string{"De incasso is twee keer afgeschreven.", "Incasso incasso incasso: dubbel afgeschreven!", "De straatwerver was onbeleefd."} {
		body := validComplaint()
		body["description"] = text
		e.mustCreate(body)
	}
	var out struct {
		Items []struct {
			Reference, Description, Snippet string
		}
		NextCursor *string `json:"next_cursor"`
	}
	e.api(http.MethodGet, "/api/v1/complaints?q=incasso", auth.RoleAgent, nil).JSON(t, &out)
	if len(out.Items) != 2 || !strings.HasPrefix(out.Items[0].Description, "Incasso incasso") ||
		!strings.Contains(out.Items[0].Snippet, "<mark>") ||
		out.NextCursor != nil {
		t.Errorf("search = %+v", out)
	}
	out.Items = nil
	e.api(http.MethodGet, "/api/v1/complaints?q=jansen", auth.RoleAgent, nil).JSON(t, &out)
	if len(out.Items) != 3 {
		t.Errorf("by name: %d", len(out.Items))
	}
	out.Items = nil
	e.api(http.MethodGet, "/api/v1/complaints?q=incasso&sort=-received_at", auth.RoleAgent, nil).JSON(t, &out)
	if len(out.Items) != 2 || out.Items[0].Snippet != "" {
		t.Errorf("search in date order = %+v", out.Items)
	}
	wantProblem(t, e.api(http.MethodGet, "/api/v1/complaints?sort=relevance", auth.RoleAgent, nil), 422, "sort")
	page := string(e.page("/complaints?q=afgeschreven", auth.RoleAgent).Body)
	if !strings.Contains(page, "<mark>afgeschreven</mark>") || !strings.Contains(page, `class="snippet"`) {
		t.Error("the list page shows no marked snippet")
	}
}
