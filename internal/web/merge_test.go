package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
)

// TestMerge: the register suggests the duplicates of a complaint (same
// member, same e-mail address, similar text) and not the rest; merging
// joins timelines, messages and status links, closes the others and
// leaves their references leading to the survivor; the evaluation counts
// one complaint; bad merges are refused with the reason.
func TestMerge(t *testing.T) {
	eachDialect(t, testMerge)
}

func testMerge(t *testing.T, e *testEnv) {
	ctx := store.System(context.Background())
	a := e.mustCreate(validComplaint())
	body := validComplaint()
	body["received_at"] = "2026-03-01T10:00:00Z"
	body["description"] = "Gisteren wéér gebeld, om half tien 's avonds. Nu ben ik het echt zat."
	b := e.mustCreate(body)
	body = validComplaint()
	body["complainant"] = map[string]any{"name": "Els de Vries", "email": "els@example.nl", "phone": "030-7654321"}
	similar := e.mustCreate(body) // another person, the same words as a
	body = validComplaint()
	body["category"], body["description"] = "street_recruitment", "De straatwerver bij het station was opdringerig."
	body["complainant"] = map[string]any{"name": "Piet Paal", "email": "piet@example.nl"}
	e.mustCreate(body)

	res := e.api(http.MethodGet, "/api/v1/complaints/"+b.Reference+"/duplicates", auth.RoleAgent, nil)
	var dup struct{ Items []report.Duplicate }
	res.JSON(t, &dup)
	if len(dup.Items) != 1 || dup.Items[0].Reference != a.Reference ||
		strings.Join(dup.Items[0].Reasons, ",") != "member_number,email" {
		t.Fatalf("duplicates of b = %s", res.Body)
	}
	res = e.api(http.MethodGet, "/api/v1/complaints/"+similar.Reference+"/duplicates", auth.RoleAgent, nil)
	res.JSON(t, &dup)
	if len(dup.Items) != 1 || dup.Items[0].Reference != a.Reference || dup.Items[0].Reasons[0] != "text" {
		t.Errorf("duplicates of the similar text = %s", res.Body)
	}
	page := string(e.page("/complaints/"+b.Reference, auth.RoleAgent).Body)
	if !strings.Contains(page, "Dit kan dezelfde klacht zijn als") ||
		!strings.Contains(page, "zelfde lidnummer, zelfde e-mailadres") {
		t.Error("the complaint page does not suggest the duplicate")
	}

	e.api(
		http.MethodPost,
		"/api/v1/complaints/"+b.Reference+"/notes",
		auth.RoleAgent,
		map[string]any{"text": "Klager belde na over het avondtelefoontje."},
	)
	bMsgs, _ := e.store.ComplaintMessages(ctx, mustID(t, e, b.Reference))
	link := regexp.MustCompile(`http://klacht\.test(/status/[A-Za-z0-9_-]+)`).FindStringSubmatch(bMsgs[0].Body)

	merge := "/api/v1/complaints/" + a.Reference + "/merge"
	for _, bad := range [][]string{{}, {a.Reference}, {"X-1"}, {"K-2099-00001"}} {
		wantProblem(t, e.api(http.MethodPost, merge, auth.RoleAgent, map[string]any{"references": bad}), 422, "references")
	}
	if res := e.page("/complaints/"+a.Reference+"/merge?with=K-2099-00001", auth.RoleAgent); res.Status != 422 ||
		!strings.Contains(
			string(res.Body),
			`id="f-with-error"`,
		) || !strings.Contains(string(res.Body), "Klacht K-2099-00001 is niet gevonden.") {
		t.Errorf("bad merge on the page = %d", res.Status)
	}
	wantProblem(
		t,
		e.api(http.MethodPost, merge, auth.RoleManager, map[string]any{"references": []string{b.Reference}}),
		403,
		"",
	)
	if n, _ := e.store.CountComplaints(ctx, store.Filter{}); n != 4 {
		t.Fatalf("a refused merge changed something: %d complaints", n)
	}

	// The person merges b into a from the page's suggestion.
	if res := e.form("/complaints/"+a.Reference+"/merge", auth.RoleAgent, url.Values{"references": {b.Reference}}); res.Status != http.StatusSeeOther {
		t.Fatalf("merge = %d %s", res.Status, res.Body)
	}
	res = e.api(http.MethodGet, "/api/v1/complaints/"+b.Reference, auth.RoleAgent, nil)
	var bv api.ComplaintView
	res.JSON(t, &bv)
	if bv.MergedInto != a.Reference || bv.Status != "closed" {
		t.Errorf("b after the merge: %s", res.Body)
	}
	if res := e.page("/complaints/"+b.Reference, auth.RoleAgent); res.Status != http.StatusSeeOther ||
		res.Header.Get("Location") != "/complaints/"+a.Reference+"?notice=merged_from" {
		t.Errorf("b's page = %d → %q", res.Status, res.Header.Get("Location"))
	}
	page = string(e.page("/complaints/"+a.Reference, auth.RoleAgent).Body)
	for _, w := range []string{"Klager belde na over het avondtelefoontje.", "voegde dubbele klachten samen met deze klacht</span>: " + b.Reference, b.Reference + "</a>: registreerde de klacht"} {
		if !strings.Contains(page, w) {
			t.Errorf("a's page lacks %q", w)
		}
	}
	aMsgs, _ := e.store.ComplaintMessages(ctx, mustID(t, e, a.Reference))
	if len(aMsgs) != 2 {
		t.Errorf("a has %d messages, want its own and b's acknowledgement", len(aMsgs))
	}
	if status := string(e.page(link[1], "").Body); !strings.Contains(status, a.Reference) {
		t.Error("b's status link does not lead to a")
	}
	if hits, err := e.store.SearchComplaints(ctx, "zat", store.Filter{}, 10); err != nil || len(hits) != 1 ||
		hits[0].Complaint.Reference != a.Reference {
		t.Errorf("search for b's words = %+v, %v", hits, err)
	}
	wantProblem(
		t,
		e.api(http.MethodPost, merge, auth.RoleAgent, map[string]any{"references": []string{b.Reference}}),
		409,
		"",
	)
	wantProblem(
		t,
		e.api(
			http.MethodPost,
			"/api/v1/complaints/"+b.Reference+"/merge",
			auth.RoleAgent,
			map[string]any{"references": []string{similar.Reference}},
		),
		409,
		"",
	)
	ev, err := report.Quarterly(ctx, e.store, report.Quarter{Year: 2026, Q: 1}, e.srv.Profile().Location(), time.Time{})
	if err != nil || ev.Columns[0].Received != 3 || ev.Columns[0].OpenAtEnd != 3 {
		t.Errorf("evaluation after the merge: received %d, open %d, %v", ev.Columns[0].Received, ev.Columns[0].OpenAtEnd, err)
	}

	// A complaint under appeal stays itself.
	tr := "/api/v1/complaints/" + similar.Reference + "/transitions"
	e.api(http.MethodPost, tr, auth.RoleAgent, map[string]any{"status": "in_progress"})
	e.api(
		http.MethodPost,
		tr,
		auth.RoleAgent,
		map[string]any{"status": "handled", "told": map[string]any{"via": "phone", "summary": "Uitgelegd"}},
	)
	if res := e.api(http.MethodPost, "/api/v1/complaints/"+similar.Reference+"/appeals", auth.RoleAgent, map[string]any{"grounds": "Oneens"}); res.Status != 201 {
		t.Fatalf("appeal = %d %s", res.Status, res.Body)
	}
	wantProblem(
		t,
		e.api(http.MethodPost, merge, auth.RoleAgent, map[string]any{"references": []string{similar.Reference}}),
		409,
		"",
	)
}

// TestMergeKeepsHandledWork: merging a handled complaint into
// one still registered is refused and the other way round is suggested;
// the confirmation page says what happens, suggests the handled one and
// does not offer the registered one; merging the registered one into the
// handled one leaves it handled, and the quarter's handled count stands.
func TestMergeKeepsHandledWork(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		handled := e.mustCreate(validComplaint())
		tr := "/api/v1/complaints/" + handled.Reference + "/transitions"
		e.api(http.MethodPost, tr, auth.RoleAgent, map[string]any{"status": "in_progress"})
		e.api(
			http.MethodPost,
			tr,
			auth.RoleAgent,
			map[string]any{"status": "handled", "told": map[string]any{"via": "phone", "summary": "Uitgelegd"}},
		)
		open := e.mustCreate(validComplaint())
		quarter := func() (int, int) {
			ev, err := report.Quarterly(ctx, e.store, report.Quarter{Year: 2026, Q: 1}, e.srv.Profile().Location(), time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			return ev.Columns[0].Received, ev.Columns[0].Handled
		}
		received, handledN := quarter()

		res := e.api(
			http.MethodPost,
			"/api/v1/complaints/"+open.Reference+"/merge",
			auth.RoleAgent,
			map[string]any{"references": []string{handled.Reference}},
		)
		wantProblem(t, res, 409, "")
		if !strings.Contains(string(res.Body), "the other way round") {
			t.Errorf("the refusal does not say what to do: %s", res.Body)
		}
		// The page of the handled complaint offers to merge the open one.
		review := e.page("/complaints/"+handled.Reference+"/merge?with="+open.Reference, auth.RoleAgent)
		body := string(review.Body)
		if review.Status != 200 || !strings.Contains(body, "Welke klacht blijft?") ||
			!regexp.MustCompile(`value="`+handled.Reference+`" checked`).MatchString(body) ||
			!regexp.MustCompile(`value="`+open.Reference+`" disabled`).MatchString(body) || !strings.Contains(body, "andersom") {
			t.Fatalf("review page = %d\n%s", review.Status, body)
		}
		if n, _ := e.store.CountComplaints(ctx, store.Filter{}); n != 2 {
			t.Fatalf("the review page changed something: %d complaints", n)
		}
		// Choosing the open one anyway is refused, and nothing changes.
		if res := e.form("/complaints/"+handled.Reference+"/merge", auth.RoleAgent,
			url.Values{"references": {open.Reference}, "survivor": {open.Reference}}); res.Status != 409 || !strings.Contains(string(res.Body), "andersom") {
			t.Errorf("the open one as survivor = %d", res.Status)
		}
		done := e.form(
			"/complaints/"+handled.Reference+"/merge",
			auth.RoleAgent,
			url.Values{"references": {open.Reference}, "survivor": {handled.Reference}},
		)
		if done.Status != http.StatusSeeOther ||
			done.Header.Get("Location") != "/complaints/"+handled.Reference+"?notice=merged" {
			t.Fatalf("merge = %d %v", done.Status, done.Header)
		}
		var hv, ov api.ComplaintView
		e.api(http.MethodGet, "/api/v1/complaints/"+handled.Reference, auth.RoleAgent, nil).JSON(t, &hv)
		e.api(http.MethodGet, "/api/v1/complaints/"+open.Reference, auth.RoleAgent, nil).JSON(t, &ov)
		if hv.Status != "handled" || ov.Status != "closed" || ov.MergedInto != handled.Reference {
			t.Errorf(
				"after the merge: %s is %s, %s is %s (into %q)",
				handled.Reference,
				hv.Status,
				open.Reference,
				ov.Status,
				ov.MergedInto,
			)
		}
		if r, h := quarter(); r != received-1 || h != handledN {
			t.Errorf(
				"the quarter: received %d → %d, handled %d → %d; want one fewer received, handled unchanged",
				received,
				r,
				handledN,
				h,
			)
		}
	})
}
