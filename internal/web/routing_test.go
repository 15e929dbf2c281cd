package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
)

func TestRoutingAndHandOver(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		head := e.users[auth.RoleCampaignLead]
		coord := e.users[auth.RoleCoordinator]
		cp := procedure.Campaign{
			Item:       procedure.Item{Key: "klimaat", Label: i18n.Label{NL: "Klimaat", EN: "Climate"}},
			HeadUserID: head.ID,
		}
		if err := e.store.SaveCampaign(ctx, cp, e.users[auth.RoleAdmin].ID, t0); err != nil {
			t.Fatal(err)
		}
		e.srv.App.ReloadProfile()

		// P5.3: the category's route decides the team; campaign content
		// goes to the campaign's head.
		for _, tc := range []struct {
			category, campaign, team string
			assignee                 int64
		}{
			{"financial", "", "ledenadministratie", 0},
			{"privacy", "", "functionaris_gegevensbescherming", 0},
			{"campaign_content", "klimaat", "campagnes", head.ID},
			{"telemarketing", "", "servicelijn", 0},
		} {
			body := validComplaint()
			body["category"], body["campaign"] = tc.category, tc.campaign
			c := e.mustCreate(body)
			got := int64(0)
			if c.Assignee != nil {
				got = c.Assignee.ID
			}
			if c.Team != tc.team || got != tc.assignee {
				t.Errorf("%s/%s routed to %s/%d, want %s/%d", tc.category, tc.campaign, c.Team, got, tc.team, tc.assignee)
			}
		}
		body := validComplaint()
		body["campaign"] = "weather"
		wantProblem(t, e.api(http.MethodPost, "/api/v1/complaints", auth.RoleAgent, body), 422, "campaign")

		// P3.2: registered and forwarded in one action, by someone outside the desk.
		body = validComplaint()
		body["forward"] = true
		res := e.api(http.MethodPost, "/api/v1/complaints", auth.RoleBoard, body)
		var c api.ComplaintView
		res.JSON(t, &c)
		if res.Status != 201 || c.Team != "servicelijn" || c.Assignee == nil || c.Assignee.ID != coord.ID {
			t.Fatalf("forwarded create = %d %s", res.Status, res.Body)
		}

		// A complaint handed to the DPO that is not for them goes back to
		// the coordinator; hand it over; refuse nonsense.
		fin := e.mustCreate(validComplaint())
		path := "/api/v1/complaints/" + fin.Reference
		wantProblem(
			t,
			e.api(http.MethodPost, path+"/forward", auth.RoleDPO, map[string]any{}),
			404,
			"",
		) // not theirs to see (need to know)
		if res := e.api(http.MethodPost, path+"/assignment", auth.RoleCoordinator, map[string]any{"team": "functionaris_gegevensbescherming", "assignee_id": e.users[auth.RoleDPO].ID}); res.Status != 200 {
			t.Fatalf("hand to the DPO = %d %s", res.Status, res.Body)
		}
		res = e.api(http.MethodPost, path+"/forward", auth.RoleDPO, map[string]any{"note": "niet voor mij"})
		res.JSON(t, &c)
		if res.Status != 200 || c.Assignee == nil || c.Assignee.ID != coord.ID {
			t.Fatalf("forward = %d %s", res.Status, res.Body)
		}
		admin := e.users[auth.RoleMembershipAdmin]
		res = e.api(
			http.MethodPost,
			path+"/assignment",
			auth.RoleCoordinator,
			map[string]any{"team": "ledenadministratie", "assignee_id": admin.ID, "note": "incasso"},
		)
		res.JSON(t, &c)
		if res.Status != 200 || c.Team != "ledenadministratie" || c.Assignee.ID != admin.ID {
			t.Fatalf("assign = %d %s", res.Status, res.Body)
		}
		wantProblem(
			t,
			e.api(
				http.MethodPost,
				path+"/assignment",
				auth.RoleCoordinator,
				map[string]any{"team": "ledenadministratie", "assignee_id": admin.ID},
			),
			409,
			"",
		)
		wantProblem(
			t,
			e.api(http.MethodPost, path+"/assignment", auth.RoleCoordinator, map[string]any{"team": "canteen"}),
			422,
			"team",
		)
		wantProblem(
			t,
			e.api(
				http.MethodPost,
				path+"/assignment",
				auth.RoleCoordinator,
				map[string]any{"team": "servicelijn", "assignee_id": 99999},
			),
			422,
			"assignee_id",
		)
		wantProblem(
			t,
			e.api(http.MethodPost, path+"/assignment", auth.RoleManager, map[string]any{"team": "servicelijn"}),
			403,
			"",
		)

		// Queues.
		res = e.api(http.MethodGet, "/api/v1/complaints?team=ledenadministratie", auth.RoleAgent, nil)
		var list struct{ Items []api.ComplaintView }
		res.JSON(t, &list)
		if len(list.Items) != 2 {
			t.Errorf("team queue = %d items, want 2", len(list.Items))
		}
		wantProblem(t, e.api(http.MethodGet, "/api/v1/complaints?team=canteen", auth.RoleAgent, nil), 422, "team")

		// The timeline tells the story.
		got, _ := e.store.Complaint(ctx, fin.Reference)
		events, _ := e.store.Timeline(ctx, got.ID)
		var kinds []string
		for _, ev := range events {
			kinds = append(kinds, string(ev.Kind))
		}
		if strings.Join(kinds, " ") != "registered assigned forwarded assigned" {
			t.Errorf("timeline = %v", kinds)
		}
	})
}

func TestUIHandOver(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	c := e.mustCreate(validComplaint())
	page := string(e.page("/complaints/"+c.Reference, auth.RoleAgent).Body)
	for _, want := range []string{`action="/complaints/` + c.Reference + `/assign"`, `action="/complaints/` + c.Reference + `/forward"`, "Overdragen"} {
		if !strings.Contains(page, want) {
			t.Errorf("detail page lacks %s", want)
		}
	}
	// The board sees what is handed to it (need to know).
	if res := e.page("/complaints/"+c.Reference, auth.RoleBoard); res.Status != http.StatusNotFound {
		t.Errorf("the board sees a complaint that did not reach it: %d", res.Status)
	}
	if res := e.api(http.MethodPost, "/api/v1/complaints/"+c.Reference+"/assignment", auth.RoleCoordinator, map[string]any{"team": "bestuur", "assignee_id": e.users[auth.RoleBoard].ID}); res.Status != 200 {
		t.Fatalf("hand to the board = %d %s", res.Status, res.Body)
	}
	board := string(e.page("/complaints/"+c.Reference, auth.RoleBoard).Body)
	if strings.Contains(board, "/assign\"") || !strings.Contains(board, "/forward\"") {
		t.Error("the board may forward but not hand over")
	}
	res := e.form("/complaints/"+c.Reference+"/forward", auth.RoleBoard, url.Values{})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("forward = %d %s", res.Status, res.Body)
	}
	res = e.form("/complaints/"+c.Reference+"/assign", auth.RoleCoordinator, url.Values{"team": {"canteen"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `id="f-team-error"`) {
		t.Errorf("bad hand-over = %d", res.Status)
	}
	agent := e.users[auth.RoleAgent]
	res = e.form(
		"/complaints/"+c.Reference+"/assign",
		auth.RoleCoordinator,
		url.Values{"team": {"servicelijn"}, "assignee_id": {itoa(agent.ID)}},
	)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("hand-over = %d %s", res.Status, res.Body)
	}
	mine := string(e.page("/complaints?assignee=me", auth.RoleAgent).Body)
	if !strings.Contains(mine, c.Reference) || !strings.Contains(mine, `aria-current="page">Mijn werk`) {
		t.Error("my work does not show the complaint handed to me")
	}
	stored, _ := e.store.Complaint(store.System(context.Background()), c.Reference)
	if stored.AssigneeID != agent.ID || stored.Status != complaint.Registered {
		t.Errorf("stored = %d %s", stored.AssigneeID, stored.Status)
	}
}

func TestUIRoutesAdmin(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	routes := url.Values{}
	for _, c := range e.srv.Profile().Categories {
		routes.Set("route."+c.Key, c.RouteDepartment)
	}
	routes.Set("route.conduct", "canteen")
	res := e.form("/admin/routes", auth.RoleAdmin, routes)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `id="f-route-conduct-error"`) {
		t.Fatalf("bad route = %d", res.Status)
	}
	routes.Set("route.conduct", "fondsen_ledenwerving")
	if res := e.form("/admin/routes", auth.RoleAdmin, routes); res.Status != http.StatusSeeOther {
		t.Fatalf("save routes = %d %s", res.Status, res.Body)
	}
	body := validComplaint()
	body["category"] = "conduct"
	if c := e.mustCreate(body); c.Team != "fondsen_ledenwerving" {
		t.Errorf("conduct now routes to %s", c.Team)
	}
	bad := url.Values{"key": {"Oceaan!"}, "label_nl": {""}, "label_en": {"Ocean"}}
	res = e.form("/admin/campaigns", auth.RoleAdmin, bad)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `id="f-key-error"`) ||
		!strings.Contains(string(res.Body), `id="f-label_nl-error"`) {
		t.Fatalf("bad campaign = %d", res.Status)
	}
	head := e.users[auth.RoleCampaignLead]
	good := url.Values{"key": {"oceaan"}, "label_nl": {"Oceaan"}, "label_en": {"Ocean"}, "head": {itoa(head.ID)}}
	if res := e.form("/admin/campaigns", auth.RoleAdmin, good); res.Status != http.StatusSeeOther {
		t.Fatalf("add campaign = %d %s", res.Status, res.Body)
	}
	page := string(e.page("/admin/routes", auth.RoleAdmin).Body)
	for _, want := range []string{`value="Oceaan"`, "leidde Gedrag medewerker naar Fondsen- en Ledenwerving", "sloeg campagne Oceaan op"} {
		if !strings.Contains(page, want) {
			t.Errorf("routes page lacks %q", want)
		}
	}
	body = validComplaint()
	body["category"], body["campaign"] = "campaign_content", "oceaan"
	if c := e.mustCreate(body); c.Assignee == nil || c.Assignee.ID != head.ID {
		t.Errorf("ocean content went to %+v", c.Assignee)
	}
}

func TestUITerms(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	res := e.form(
		"/admin/terms",
		auth.RoleAdmin,
		url.Values{
			"handling_days":        {"42"},
			"reminder_days":        {"50"},
			"appeal_days":          {"x"},
			"appeal_reminder_days": {"7"},
			"max_call_attempts":    {"3"},
			"retention_months":     {"24"},
			"small_counts":         {"5"},
			"term_pause":           {"true"},
		},
	)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `id="f-appeal_days-error"`) {
		t.Fatalf("bad terms = %d", res.Status)
	}
	res = e.form(
		"/admin/terms",
		auth.RoleAdmin,
		url.Values{
			"handling_days":        {"42"},
			"reminder_days":        {"50"},
			"appeal_days":          {"30"},
			"appeal_reminder_days": {"7"},
			"max_call_attempts":    {"3"},
			"retention_months":     {"24"},
			"small_counts":         {"5"},
			"term_pause":           {"true"},
		},
	)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `id="f-reminder_days-error"`) {
		t.Fatalf("reminder after the term = %d", res.Status)
	}
	res = e.form(
		"/admin/terms",
		auth.RoleAdmin,
		url.Values{
			"handling_days":        {"14"},
			"reminder_days":        {"10"},
			"appeal_days":          {"30"},
			"appeal_reminder_days": {"7"},
			"max_call_attempts":    {"3"},
			"retention_months":     {"24"},
			"small_counts":         {"500"},
		},
	)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `id="f-small_counts-error"`) {
		t.Fatalf("small counts of 500 = %d", res.Status)
	}
	if res := e.form("/admin/terms", auth.RoleAdmin, url.Values{"handling_days": {"14"}, "reminder_days": {"10"}, "appeal_days": {"30"}, "appeal_reminder_days": {"7"}, "max_call_attempts": {"3"}, "retention_months": {"24"}, "small_counts": {"10"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("terms = %d %s", res.Status, res.Body)
	}
	if p := e.srv.Profile(); p.SmallCounts != 10 || p.TermPause {
		t.Errorf("small counts %d, pause %v; want 10 and off (box not ticked)", p.SmallCounts, p.TermPause)
	}
	// Awb 9: six weeks, a reminder after four.
	if res := e.form("/admin/terms", auth.RoleAdmin, url.Values{"handling_days": {"42"}, "reminder_days": {"28"}, "appeal_days": {"30"}, "appeal_reminder_days": {"5"}, "max_call_attempts": {"4"}, "retention_months": {"24"}, "small_counts": {"5"}, "term_pause": {"true"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("terms = %d %s", res.Status, res.Body)
	}
	c := e.mustCreate(validComplaint())
	if !c.DueAt.Equal(complaint.DueAt(c.ReceivedAt, 42, e.srv.Profile().Location())) {
		t.Errorf("due %v after the term change, want 42 days after %v", c.DueAt, c.ReceivedAt)
	}
	if p := e.srv.Profile(); !p.TermPause || p.ReminderDays != 28 || p.TermSteps()[0].Day != 28 ||
		p.AppealReminderDays != 5 ||
		p.MaxCallAttempts != 4 {
		t.Errorf("profile = %+v", p.TermSteps())
	}
	// Ten working days with the Dutch holidays and a closing day.
	terms := url.Values{"handling_days": {"10"}, "handling_unit": {"working_days"}, "reminder_days": {"7"},
		"appeal_days": {"6"}, "appeal_unit": {"weeks"}, "appeal_reminder_days": {"1"}, "max_call_attempts": {"3"},
		"retention_months": {"24"}, "small_counts": {"5"}, "holidays": {"nl"}, "closing_days": {"2026-12-31 2026-12-24,"},
		"end_on_working_day": {"true"}}
	bad := url.Values{}
	for k, v := range terms {
		bad[k] = v
	}
	bad["closing_days"], bad["handling_unit"] = []string{"24-12-2026"}, []string{"fortnights"}
	res = e.form("/admin/terms", auth.RoleAdmin, bad)
	if body := string(res.Body); res.Status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-closing_days-error"`) ||
		!strings.Contains(body, `id="f-handling_unit-error"`) {
		t.Fatalf("a closing day not a date, an unknown unit = %d", res.Status)
	}
	if p := e.srv.Profile(); p.HandlingUnit != complaint.Days {
		t.Errorf("the refused form changed the unit to %q", p.HandlingUnit)
	}
	if res := e.form("/admin/terms", auth.RoleAdmin, terms); res.Status != http.StatusSeeOther {
		t.Fatalf("working-day terms = %d %s", res.Status, res.Body)
	}
	p := e.srv.Profile()
	if !slices.Equal(p.ClosingDays, []string{"2026-12-24", "2026-12-31"}) || p.Holidays != "nl" || !p.EndOnWorkingDay {
		t.Errorf("calendar = %v %q %v", p.ClosingDays, p.Holidays, p.EndOnWorkingDay)
	}
	c = e.mustCreate(validComplaint())
	if want := p.Calendar().End(c.ReceivedAt, complaint.Term{N: 10, Unit: complaint.WorkingDays}); !c.DueAt.Equal(want) {
		t.Errorf("due %v, want ten working days: %v", c.DueAt, want)
	}
	page := e.page("/complaints/"+c.Reference+"?lang=nl", auth.RoleCoordinator)
	if !strings.Contains(string(page.Body), "termijn: 10 werkdagen") {
		t.Errorf("the complaint page does not name the term in working days")
	}
	if pub := e.page("/klacht", ""); !strings.Contains(string(pub.Body), "binnen 10 werkdagen") {
		t.Errorf("the public form does not promise ten working days")
	}
}
