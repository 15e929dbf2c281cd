package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store/storetest"
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

// TestSearchPageCount: the search page says how many complaints its words
// find, exactly up to a thousand and "more than" beyond, on both
// databases: a search that ranked more than a thousand says so without
// counting again.
func TestSearchPageCount(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, open)
			u := e.users[auth.RoleAgent]
			for i := range 1005 {
				d := storetest.Draft(fmt.Sprintf("Veel%d", i))
				d.Description = "Mijn incasso is verhoogd zonder toestemming."
				if i < 3 {
					d.Description = "Een zeldzame klacht over de collectebus."
				}
				storetest.MustComplaint(t, e.store, u, d, t0)
			}
			for _, c := range []struct{ q, want string }{
				{"incasso", "Meer dan 1000 klachten"},
				{"collectebus", "3 klachten"},
				{"zeldzame collectebus", "3 klachten"},
			} {
				page := string(e.page("/complaints?q="+url.QueryEscape(c.q), auth.RoleCoordinator).Body)
				if !strings.Contains(page, c.want) {
					t.Errorf("%q: the page does not say %q", c.q, c.want)
				}
			}
		})
	}
}
