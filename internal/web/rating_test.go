package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
)

// TestRating: a handled complaint's outcome mail links to the rating on
// the status page. A link-following robot (a plain GET of every link in
// the mail, and of every link on the pages it reaches) records nothing;
// a person submitting the form records one rating, once; bad scores are
// refused inline; the evaluation and the yearly summary count it.
func TestRating(t *testing.T) {
	eachDialect(t, testRating)
}

func testRating(t *testing.T, e *testEnv) {
	ctx := store.System(context.Background())
	c := e.mustCreate(validComplaint())
	id := mustID(t, e, c.Reference)
	tr := "/api/v1/complaints/" + c.Reference + "/transitions"
	e.api(http.MethodPost, tr, auth.RoleAgent, map[string]any{"status": "in_progress"})
	if res := e.api(http.MethodPost, tr, auth.RoleAgent, map[string]any{"status": "handled", "told": map[string]any{"via": "email", "summary": "Het bureau belt u niet meer."}}); res.Status != 200 {
		t.Fatalf("handle = %d %s", res.Status, res.Body)
	}
	msgs, err := e.store.ComplaintMessages(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var outcome string
	for _, m := range msgs {
		if m.Kind == "outcome" {
			outcome = m.Body
		}
	}
	if !strings.Contains(outcome, "Geef uw oordeel op http://klacht.test/status/") {
		t.Fatalf("the outcome mail has no rating link:\n%s", outcome)
	}

	// The robot: every link in the mail, then every link on what it finds.
	linkRe := regexp.MustCompile(`http://klacht\.test(/[^\s"<>]*)`)
	hrefRe := regexp.MustCompile(`href="(/[^"]*)"`)
	seen := map[string]bool{}
	queue := []string{}
	for _, m := range linkRe.FindAllStringSubmatch(outcome, -1) {
		queue = append(queue, m[1])
	}
	for len(queue) > 0 && len(seen) < 50 {
		path := queue[0]
		queue = queue[1:]
		if seen[path] {
			continue
		}
		seen[path] = true
		res, err := http.Get(e.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		for _, m := range hrefRe.FindAllStringSubmatch(string(body), -1) {
			queue = append(queue, strings.ReplaceAll(m[1], "&amp;", "&"))
		}
	}
	if len(seen) < 2 {
		t.Fatalf("the robot saw only %v", seen)
	}
	if _, rated, _ := e.store.RatingOf(ctx, id); rated {
		t.Fatal("following links recorded a rating")
	}

	status := linkRe.FindStringSubmatch(outcome)[1]
	status, _, _ = strings.Cut(status, "#")
	page := string(e.page(status, "").Body)
	if !strings.Contains(page, `id="h-rating"`) || !strings.Contains(page, "Hoe hebben wij uw klacht behandeld?") {
		t.Fatal("the status page does not offer the rating")
	}
	for _, bad := range []url.Values{{}, {"score": {"6"}}, {"score": {"vijf"}}} {
		if res := e.form(status+"/rating", "", bad); res.Status != 422 ||
			!strings.Contains(string(res.Body), `id="f-score-error"`) {
			t.Errorf("score %v = %d", bad, res.Status)
		}
	}
	if res := e.form(status+"/rating", "", url.Values{"score": {"4"}, "comment": {"Snel en vriendelijk."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("rate = %d %s", res.Status, res.Body)
	}
	if res := e.form(status+"/rating", "", url.Values{"score": {"1"}}); res.Status != http.StatusConflict {
		t.Errorf("second rating = %d", res.Status)
	}
	r, rated, err := e.store.RatingOf(ctx, id)
	if err != nil || !rated || r.Score != 4 || r.Comment != "Snel en vriendelijk." {
		t.Fatalf("rating = %+v %v %v", r, rated, err)
	}
	if page := string(e.page(status, "").Body); !strings.Contains(page, "u gaf de afhandeling van uw klacht een 4 op 5") ||
		strings.Contains(page, `id="h-rating"`) {
		t.Error("the status page does not thank for the rating")
	}
	if !strings.Contains(
		string(e.page("/complaints/"+c.Reference, auth.RoleAgent).Body),
		"de klager gaf een oordeel over de afhandeling",
	) {
		t.Error("the timeline lacks the rating")
	}
	ev, err := report.Quarterly(ctx, e.store, report.Quarter{Year: 2026, Q: 1}, e.srv.Profile().Location(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if col := ev.Columns[0]; col.Ratings != 1 || col.RatingMean != 4 {
		t.Errorf("evaluation: %d ratings, mean %v", col.Ratings, col.RatingMean)
	}
	p := e.srv.Profile()
	p.SmallCounts = 0
	a, err := report.BuildAnnual(ctx, e.store, p, 2026, "nl")
	if err != nil || !strings.Contains(a.Text(), "Klagers gaven de afhandeling van 1 klachten gemiddeld een 4,0 op 5.") {
		t.Errorf("yearly summary: %v\n%s", err, a.Text())
	}
}
