package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
)

// termsForm is the terms form as the routes page fills it, with changes.
func termsForm(e *testEnv, changes url.Values) url.Values {
	p := e.srv.Profile()
	v := url.Values{"handling_days": {itoa(int64(p.HandlingDays))}, "reminder_days": {itoa(int64(p.ReminderDays))},
		"appeal_days": {itoa(int64(p.AppealDays))}, "appeal_reminder_days": {itoa(int64(p.AppealReminderDays))},
		"max_call_attempts": {itoa(int64(p.MaxCallAttempts))}, "retention_months": {itoa(int64(p.RetentionMonths))},
		"small_counts": {itoa(int64(p.SmallCounts))}, "term_pause": {"true"}}
	for k, vs := range changes {
		v[k] = vs
	}
	return v
}

// TestDecisions: off in the charity's profile; switched on,
// a complaint's outcome, remedy with its amount, labels and lesson are
// recorded from the page and the API, refused precisely when wrong, and
// the evaluation and the yearly summary count them.
func TestDecisions(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		c := e.mustCreate(validComplaint())
		path := "/complaints/" + c.Reference
		if page := string(e.page(path, auth.RoleCoordinator).Body); strings.Contains(page, `id="decision"`) {
			t.Error("the charity's profile shows the decision section")
		}
		if res := e.api("PUT", "/api/v1"+path+"/decision", auth.RoleCoordinator, map[string]any{"outcome": "upheld"}); res.Status != http.StatusConflict {
			t.Fatalf("decision with the profile's decisions off = %d %s", res.Status, res.Body)
		}
		if res := e.form("/admin/terms", auth.RoleAdmin, termsForm(e, url.Values{"decisions": {"true"}})); res.Status != http.StatusSeeOther {
			t.Fatalf("terms = %d %s", res.Status, res.Body)
		}
		for _, l := range [][3]string{{"behoorlijk", "Behoorlijkheid", "Propriety"}, {"tijdig", "Tijdigheid", "Timeliness"}} {
			if res := e.form("/admin/labels", auth.RoleAdmin, url.Values{"label_key": {l[0]}, "label_label_nl": {l[1]},
				"label_label_en": {l[2]}}); res.Status != http.StatusSeeOther {
				t.Fatalf("label = %d %s", res.Status, res.Body)
			}
		}
		if res := e.form("/admin/labels", auth.RoleAdmin, url.Values{"label_key": {"Bad Key"}}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(string(res.Body), `id="f-label_key-error"`) {
			t.Errorf("a bad label key = %d", res.Status)
		}
		page := string(e.page(path+"?lang=nl", auth.RoleCoordinator).Body)
		for _, want := range []string{`id="decision"`, "Nog niets vastgelegd", "Niet in behandeling genomen", "Tijdigheid"} {
			if !strings.Contains(page, want) {
				t.Errorf("the complaint page lacks %q", want)
			}
		}
		// Refused, each field named, nothing written.
		res := e.form(path+"/decision", auth.RoleAgent, url.Values{"outcome": {"not_handled"}, "amount": {"twintig"}})
		if body := string(res.Body); res.Status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-amount-error"`) {
			t.Errorf("an amount in words = %d", res.Status)
		}
		res = e.form(path+"/decision", auth.RoleAgent, url.Values{"outcome": {"not_handled"}, "labels": {"onbekend"}})
		if body := string(res.Body); res.Status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-outcome_reason-error"`) ||
			!strings.Contains(body, `id="f-labels-error"`) {
			t.Errorf("no reason, an unknown label = %d", res.Status)
		}
		res = e.api("PUT", "/api/v1"+path+"/decision", auth.RoleAgent, map[string]any{"outcome": "won", "amount_cents": -5})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"outcome"`) ||
			!strings.Contains(string(res.Body), `"amount"`) {
			t.Errorf("unknown outcome, negative amount = %d %s", res.Status, res.Body)
		}
		var d complaint.Decision
		e.api("GET", "/api/v1"+path+"/decision", auth.RoleCoordinator, nil).JSON(t, &d)
		if !d.Empty() {
			t.Fatalf("a refused decision left %+v", d)
		}
		// Recorded from the page.
		res = e.form(path+"/decision", auth.RoleAgent, url.Values{"outcome": {"partly_upheld"},
			"remedy_asked": {"Excuses en geld terug"}, "remedy_given": {"Excuses, bijdrage terugbetaald"},
			"amount": {"€ 1.250,50"}, "labels": {"tijdig", "behoorlijk"}, "lesson": {"Bellers beter instrueren."}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("decision = %d %s", res.Status, res.Body)
		}
		e.api("GET", "/api/v1"+path+"/decision", auth.RoleCoordinator, nil).JSON(t, &d)
		if d.Outcome != "partly_upheld" || d.AmountCents != 125050 || len(d.Labels) != 2 || d.Labels[0] != "behoorlijk" ||
			d.Lesson != "Bellers beter instrueren." {
			t.Errorf("decision = %+v", d)
		}
		page = string(e.page(path+"?lang=nl", auth.RoleCoordinator).Body)
		for _, want := range []string{"Deels gegrond", "€ 1.250,50", "Behoorlijkheid, Tijdigheid", "legde de uitkomst vast"} {
			if !strings.Contains(page, want) {
				t.Errorf("the complaint page lacks %q after recording", want)
			}
		}
		// The same again records nothing new.
		before := len(timeline(t, e, c.Reference))
		e.api("PUT", "/api/v1"+path+"/decision", auth.RoleAgent, d)
		if after := len(timeline(t, e, c.Reference)); after != before {
			t.Errorf("the same decision again added %d events", after-before)
		}
		// The reports count it.
		ctx := store.System(context.Background())
		ev, err := report.Quarterly(ctx, e.store, report.Quarter{Year: 2026, Q: 1}, e.srv.Profile().Location(), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, r := range ev.Rows() {
			got[r.Key] = report.FigureLabel(e.srv.Profile(), "nl", r.Key) + " = " + r.Values[0]
		}
		for k, want := range map[string]string{
			"outcome.partly_upheld": "Uitkomst: Deels gegrond = 1", "label.tijdig": "Label: Tijdigheid = 1",
			"remedies_given": "Klachten met genoegdoening = 1", "remedy_amount": "Vergoed bedrag (euro) = 1250.5",
			"lessons": "Klachten met een les = 1",
		} {
			if got[k] != want {
				t.Errorf("evaluation %s = %q, want %q", k, got[k], want)
			}
		}
		a, err := report.BuildAnnual(ctx, e.store, e.srv.Profile(), 2026, "nl")
		if err != nil {
			t.Fatal(err)
		}
		if text := a.Text(); !strings.Contains(text, "Wat de uitkomst was: minder dan 5 deels gegrond.") ||
			!strings.Contains(text, "Naar label: Behoorlijkheid: minder dan 5 en Tijdigheid: minder dan 5.") ||
			!strings.Contains(text, "Bij minder dan 5 klachten hebben wij het") || strings.Contains(text, "1250") {
			t.Errorf("yearly summary:\n%s", text)
		}
	})
}

func timeline(t *testing.T, e *testEnv, ref string) []complaint.Event {
	t.Helper()
	ctx := store.System(context.Background())
	c, err := e.store.Complaint(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	events, err := e.store.Timeline(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return events
}

// TestMeasures: a measure is set from the page (refused
// without an owner or with a date gone by) and through the API, the owner
// is told, it is done with a note, and the quarterly evaluation lists the
// quarter's measures and lessons, a lesson going onto the agenda.
func TestMeasures(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		c := e.mustCreate(validComplaint())
		path := "/complaints/" + c.Reference
		if res := e.form("/admin/terms", auth.RoleAdmin, termsForm(e, url.Values{"decisions": {"true"}})); res.Status != http.StatusSeeOther {
			t.Fatalf("terms = %d", res.Status)
		}
		agent := e.users[auth.RoleAgent]
		res := e.form(path+"/measures", auth.RoleCoordinator, url.Values{"what": {"Script aanpassen"}, "due": {"2026-01-05"}})
		if body := string(res.Body); res.Status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-owner_id-error"`) ||
			!strings.Contains(body, `id="f-due-error"`) || !strings.Contains(body, `id="act-measures" class="action" open`) {
			t.Errorf("no owner, a past date = %d", res.Status)
		}
		res = e.form(path+"/measures", auth.RoleCoordinator, url.Values{"what": {"Script van het belbureau aanpassen"},
			"owner_id": {itoa(agent.ID)}, "due": {"2026-04-10"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("measure = %d %s", res.Status, res.Body)
		}
		var ms struct{ Items []complaint.Measure }
		e.api("GET", "/api/v1"+path+"/measures", auth.RoleCoordinator, nil).JSON(t, &ms)
		if len(ms.Items) != 1 || ms.Items[0].OwnerName != agent.Name || ms.Items[0].Done() ||
			ms.Items[0].DueAt.In(e.srv.Profile().Location()).Format("2006-01-02 15:04") != "2026-04-10 23:59" {
			t.Fatalf("measures = %+v", ms.Items)
		}
		notes, _, err := e.store.Notifications(store.System(context.Background()), agent.ID, 10)
		if err != nil || len(notes) == 0 || notes[0].Kind != complaint.EventMeasureSet {
			t.Errorf("the owner was not told: %+v %v", notes, err)
		}
		res = e.api("POST", "/api/v1"+path+"/measures", auth.RoleAgent, map[string]any{"what": "Terugbellen", "owner_id": 99999,
			"due_at": "2026-03-20T12:00:00Z"})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "owner_id") {
			t.Errorf("an unknown owner = %d %s", res.Status, res.Body)
		}
		// Done, with how; a second time is refused.
		id := itoa(ms.Items[0].ID)
		if res := e.form(path+"/measures/"+id+"/done", auth.RoleAgent, url.Values{"done_note": {"Nieuw script sinds 1 april"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("done = %d %s", res.Status, res.Body)
		}
		if res := e.api("POST", "/api/v1"+path+"/measures/"+id+"/done", auth.RoleAgent, map[string]any{}); res.Status != http.StatusConflict {
			t.Errorf("done twice = %d", res.Status)
		}
		if res := e.api("POST", "/api/v1"+path+"/measures/12345/done", auth.RoleAgent, map[string]any{}); res.Status != http.StatusNotFound {
			t.Errorf("an unknown measure = %d", res.Status)
		}
		e.api("PUT", "/api/v1"+path+"/decision", auth.RoleAgent, map[string]any{"outcome": "upheld",
			"lesson": "Belbureaus krijgen het niet-bellen-verzoek binnen een dag."})
		page := string(e.page("/reports/quarterly?year=2026&quarter=2&lang=nl", auth.RoleCoordinator).Body)
		for _, want := range []string{"Script van het belbureau aanpassen", "Maatregelen met een termijn in dit kwartaal: 1; over de termijn: 0; uitgevoerd: 1."} {
			if !strings.Contains(page, want) {
				t.Errorf("the Q2 evaluation lacks %q", want)
			}
		}
		page = string(e.page("/reports/quarterly?year=2026&quarter=1&lang=nl", auth.RoleCoordinator).Body)
		if !strings.Contains(page, "Belbureaus krijgen het niet-bellen-verzoek binnen een dag.") {
			t.Error("the Q1 evaluation does not list the lesson")
		}
		if res := e.form("/reports/agenda", auth.RoleCoordinator, url.Values{"year": {"2026"}, "quarter": {"1"},
			"title": {c.Reference + ": Belbureaus krijgen het niet-bellen-verzoek binnen een dag."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("agenda = %d", res.Status)
		}
		items, err := e.store.AgendaItems(context.Background(), "2026-Q1")
		if err != nil || len(items) != 1 || !strings.HasPrefix(items[0].Title, c.Reference) {
			t.Errorf("agenda = %+v %v", items, err)
		}
	})
}
