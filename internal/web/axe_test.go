package web

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeEnv names the path of axe-core's axe.min.js (npm package axe-core);
// .ci/run installs it.
const axeEnv = "KLACHT_AXE_JS"

type axeResult struct {
	Passes     []json.RawMessage `json:"passes"`
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []string `json:"target"`
		} `json:"nodes"`
	} `json:"violations"`
}

// axeCheck runs axe-core in the page for WCAG 2.x A and AA and fails the
// test for every violation.
func axeCheck(t *testing.T, ctx context.Context, src, page string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](src+"\n;true")); err != nil {
		t.Fatalf("%s: inject axe: %v", page, err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag",
		values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}).then(r => JSON.stringify(r))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe: %v", page, err)
	}
	var res axeResult
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatalf("%s: axe result: %v", page, err)
	}
	t.Logf("%s: axe: %d rules pass, %d violated", page, len(res.Passes), len(res.Violations))
	if len(res.Passes) == 0 {
		t.Errorf("%s: axe checked nothing", page)
	}
	for _, v := range res.Violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, strings.Join(n.Target, " "))
		}
		t.Errorf("%s: axe %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, where)
	}
}

// TestBrowserPublicAccessibility: axe-core reports no WCAG 2.2 AA
// violation on the public form, its error state, the confirmation page and
// the status page, in Dutch and English.
func TestBrowserPublicAccessibility(t *testing.T) {
	path := os.Getenv(axeEnv)
	if path == "" {
		if os.Getenv(browserEnv) != "" {
			t.Fatalf("%s is set but %s is not: install axe-core (npm) and point %s at axe.min.js", browserEnv, axeEnv, axeEnv)
		}
		t.Skip(axeEnv + " not set")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	for _, lang := range []struct{ code, form, submit string }{{"nl", "/klacht", "Klacht versturen"}, {"en", "/en/complaint", "Send complaint"}} {
		must := func(step string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s %s: %v", lang.code, step, err)
			}
		}
		must(
			"form",
			chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+lang.form), chromedp.WaitVisible(chromedp.ID("f-complainant-name"))),
		)
		axeCheck(t, ctx, string(src), lang.code+" form")
		shoot(t, ctx, "10-public-form-"+lang.code)
		// At 200% zoom (a 640px wide window) the form reflows: no sideways scrolling.
		must(
			"zoom",
			chromedp.Do(
				ctx,
				chromedp.EmulateViewport(640, 900),
				chromedp.Reload(),
				chromedp.WaitVisible(chromedp.ID("f-complainant-name")),
			),
		)
		wide, err := chromedp.Run(
			ctx,
			chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`),
		)
		must("overflow", err)
		if wide {
			t.Errorf("%s form scrolls sideways at 640px", lang.code)
		}
		must("unzoom", chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)))

		// The error state: submitted empty, after a person's pause.
		e.clock.Add(10 * time.Second)
		must(
			"submit empty",
			chromedp.Do(
				ctx,
				chromedp.Click(chromedp.CSS("button.primary")),
				chromedp.WaitVisible(chromedp.ID("f-description-error")),
			),
		)
		axeCheck(t, ctx, string(src), lang.code+" form with errors")
		shoot(t, ctx, "11-public-errors-"+lang.code)

		// Then filled in: the page with errors carries a fresh time trap.
		e.clock.Add(10 * time.Second)
		must("fill", chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("f-complainant-name"), "Zoë Brontë"),
			chromedp.Click(chromedp.ID("f-answer_by")),
			chromedp.SendKeys(chromedp.ID("f-complainant-email"), "zoe@example.nl"),
			chromedp.SetValue(chromedp.ID("f-category"), "telemarketing"),
			chromedp.SendKeys(chromedp.ID("f-description"), "I was called three times after saying no."),
			chromedp.Click(chromedp.CSS("button.primary")),
			chromedp.WaitVisible(chromedp.CSS("p.notice")),
		))
		axeCheck(t, ctx, string(src), lang.code+" confirmation")
		shoot(t, ctx, "12-public-received-"+lang.code)
		must(
			"status",
			chromedp.Do(
				ctx,
				chromedp.Click(chromedp.CSS(`main a[href^="/status/"]:not([download])`)),
				chromedp.WaitVisible(chromedp.ID("h-add")),
			),
		)
		axeCheck(t, ctx, string(src), lang.code+" status page")
		shoot(t, ctx, "13-status-"+lang.code)
	}
	if n := e.count(); n != 2 {
		t.Errorf("%d complaints stored, want one per language", n)
	}
}

// axeIf checks the page with axe-core when its script is set up (src).
func axeIf(t *testing.T, ctx context.Context, src, page string) {
	t.Helper()
	if src != "" {
		axeCheck(t, ctx, src, page)
	}
}

// must ends the test at a step of a browser walk that failed.
func must(t *testing.T, step string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}
