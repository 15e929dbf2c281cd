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

// TestDecisions (issue 19.4): off in the charity's profile; switched on,
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
