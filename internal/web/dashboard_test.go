package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/jobs"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
)

func TestDashboardAndDelayNotice(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		agent := e.users[auth.RoleAgent]
		late := e.mustCreate(validComplaint()) // received 2026-03-02 08:00, due 03-16
		told := e.mustCreate(validComplaint()) // gets a notice
		e.clock.t = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		fresh := validComplaint() // due within the week of day 15
		fresh["received_at"] = "2026-03-10T08:00:00Z"
		soon := e.mustCreate(fresh)
		for _, ref := range []string{late.Reference, told.Reference} {
			e.api(
				http.MethodPost,
				"/api/v1/complaints/"+ref+"/assignment",
				auth.RoleCoordinator,
				map[string]any{"team": "servicelijn", "assignee_id": agent.ID},
			)
		}
		// P5.5 through the API: bad input first, nothing written.
		path := "/api/v1/complaints/" + told.Reference + "/delay-notice"
		wantProblem(
			t,
			e.api(http.MethodPost, path, auth.RoleAgent, map[string]any{"expected_at": "2026-03-10", "reason": "x"}),
			422,
			"expected_at",
		)
		wantProblem(
			t,
			e.api(http.MethodPost, path, auth.RoleAgent, map[string]any{"expected_at": "2026-04-10", "reason": ""}),
			422,
			"reason",
		)
		wantProblem(
			t,
			e.api(http.MethodPost, path, auth.RoleAgent, map[string]any{"expected_at": "soon", "reason": "x"}),
			422,
			"expected_at",
		)
		wantProblem(
			t,
			e.api(http.MethodPost, path, auth.RoleManager, map[string]any{"expected_at": "2026-04-10", "reason": "x"}),
			403,
			"",
		)
		res := e.api(
			http.MethodPost,
			path,
			auth.RoleAgent,
			map[string]any{"expected_at": "2026-04-10", "reason": "We wachten op de bank."},
		)
		var c api.ComplaintView
		res.JSON(t, &c)
		if res.Status != 200 || c.ExpectedAt == nil || c.NoticeAt == nil {
			t.Fatalf("delay notice = %d %s", res.Status, res.Body)
		}

		// Day 15: run the term watch, then look at the dashboard.
		e.clock.t = time.Date(2026, 3, 17, 9, 0, 0, 0, time.UTC)
		w := &jobs.TermWatch{Store: e.store, Profile: e.srv.Profile, Now: e.clock.Now, Log: e.srv.Log}
		if n, err := w.Tick(ctx); err != nil || n == 0 {
			t.Fatalf("term watch fired %d, %v", n, err)
		}
		page := string(e.page("/dashboard", auth.RoleCoordinator).Body)
		for _, want := range []string{late.Reference, told.Reference, soon.Reference, "in strijd met de procedure", "antwoord vóór 10-04-2026", agent.Name} {
			if !strings.Contains(page, want) {
				t.Errorf("dashboard lacks %q", want)
			}
		}
		if i, j := strings.Index(page, late.Reference), strings.Index(page, soon.Reference); i > j {
			t.Error("overdue complaints should come before those due this week")
		}
		res = e.api(http.MethodGet, "/api/v1/dashboard", auth.RoleCoordinator, nil)
		var dash struct {
			Overdue     []api.ComplaintView `json:"overdue"`
			DueThisWeek []api.ComplaintView `json:"due_this_week"`
			Handlers    []struct {
				Name    string `json:"name"`
				Overdue int    `json:"overdue"`
				Breach  int    `json:"breach"`
			} `json:"handlers"`
		}
		res.JSON(t, &dash)
		if len(dash.Overdue) != 2 || !dash.Overdue[0].Breach || dash.Overdue[1].Breach || len(dash.DueThisWeek) != 1 {
			t.Errorf("dashboard api = %s", res.Body)
		}
		if len(dash.Handlers) == 0 || dash.Handlers[0].Name != agent.Name || dash.Handlers[0].Overdue != 2 ||
			dash.Handlers[0].Breach != 1 {
			t.Errorf("handlers = %+v", dash.Handlers)
		}
		// The agent was told: handed over twice, reminded twice, escalated twice.
		res = e.api(http.MethodGet, "/api/v1/notifications", auth.RoleAgent, nil)
		var notes struct {
			Unread int `json:"unread"`
		}
		res.JSON(t, &notes)
		if notes.Unread < 4 {
			t.Errorf("agent has %d unread notifications: %s", notes.Unread, res.Body)
		}
		if list := string(e.page("/complaints", auth.RoleAgent).Body); !strings.Contains(list, `class="count"`) {
			t.Error("the menu shows no unread count")
		}
		if page := string(e.page("/notifications", auth.RoleAgent).Body); !strings.Contains(page, "Geëscaleerd") {
			t.Error("notifications page lacks the escalation")
		}
		if n, _ := e.store.UnreadNotifications(ctx, agent.ID); n != 0 {
			t.Errorf("%d unread after viewing", n)
		}
		// The detail page flags the breach and offers the notice form.
		detail := string(e.page("/complaints/"+late.Reference, auth.RoleAgent).Body)
		if !strings.Contains(detail, "in strijd met de procedure (P5.5)") ||
			!strings.Contains(detail, `action="/complaints/`+late.Reference+`/delay"`) {
			t.Error("detail page lacks the breach flag or the notice form")
		}
		res = e.form(
			"/complaints/"+late.Reference+"/delay",
			auth.RoleAgent,
			url.Values{"expected_at": {"2026-03-01"}, "reason": {""}},
		)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `id="f-expected_at-error"`) {
			t.Errorf("bad notice form = %d", res.Status)
		}
		res = e.form(
			"/complaints/"+late.Reference+"/delay",
			auth.RoleAgent,
			url.Values{"expected_at": {"2026-03-31"}, "reason": {"Onderzoek loopt"}},
		)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("notice form = %d %s", res.Status, res.Body)
		}
		if n, _ := e.store.CountComplaints(ctx, breachFilter(e)); n != 0 {
			t.Errorf("%d breaches left after both notices", n)
		}
	})
}

func TestDigestSetting(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	if res := e.form("/notifications/digest", auth.RoleAgent, url.Values{"digest": {"true"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("digest on = %d", res.Status)
	}
	if u, _ := e.store.UserByID(store.System(context.Background()), e.users[auth.RoleAgent].ID); !u.Digest {
		t.Error("digest not switched on")
	}
	if page := string(e.page("/notifications", auth.RoleAgent).Body); !strings.Contains(
		page,
		`name="digest" value="true" checked`,
	) {
		t.Error("the setting does not show as on")
	}
	e.form("/notifications/digest", auth.RoleAgent, url.Values{})
	if u, _ := e.store.UserByID(store.System(context.Background()), e.users[auth.RoleAgent].ID); u.Digest {
		t.Error("digest not switched off")
	}
}
