package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
)

// TestBrowserLawfulComplaint walks who the complaint is about and four eyes in a real
// browser under the Awb 9 profile: the coordinator names the official a
// complaint is about, is refused when handing it to them (the reason at
// the field), keeps the hearing's report; the official reads their part
// through their link; the written decision waits for a second person, who
// sends it back (a note is asked for) and then approves it. axe-core
// checks each new page.
func TestBrowserLawfulComplaint(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	axe := axeSource(t)
	applyProfile(t, e, "awb9")
	c := e.mustCreate(complaintOf("bejegening"))
	path := e.ts.URL + "/complaints/" + c.Reference
	official := e.users[auth.RoleMembershipAdmin]
	signIn(t, ctx, e, "coordinator@gemeente.example", "Coby Coördinator", auth.RoleCoordinator)

	must(t, "subject", chromedp.Do(ctx,
		chromedp.Navigate(path),
		chromedp.WaitVisible(chromedp.ID("h-subject")),
		chromedp.Click(chromedp.CSS("#act-subject > summary")),
		chromedp.Click(chromedp.CSS(`input[name="subject.kind"][value="staff"]`)),
		chromedp.SetValue(chromedp.ID("f-subject-user_id"), itoa(official.ID)),
		chromedp.Click(chromedp.CSS(`form[action$="/subject"] button`)),
		chromedp.WaitVisible(`//section[@id="subject"]//p[contains(., "`+official.Name+`")]`),
	))
	axeIf(t, ctx, axe, "complaint about an official")
	shoot(t, ctx, "40-subject-recorded")

	must(t, "hand to the official", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#act-assign > summary")),
		chromedp.SetValue(chromedp.ID("f-team"), "publiekszaken"),
		chromedp.SetValue(chromedp.ID("f-assignee_id"), itoa(official.ID)),
		chromedp.Click(chromedp.CSS(`form[action$="/assign"] button`)),
		chromedp.WaitVisible(chromedp.ID("f-assignee_id-error")),
	))
	refusal, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("f-assignee_id-error")))
	must(t, "refusal", err)
	if !strings.Contains(refusal, "Awb 9:7") {
		t.Errorf("the refusal says %q", refusal)
	}
	axeIf(t, ctx, axe, "hand-over refused")
	shoot(t, ctx, "41-handler-refused")

	must(t, "hearing", chromedp.Do(ctx,
		chromedp.Navigate(path),
		chromedp.WaitVisible(chromedp.ID("h-subject")),
		chromedp.Click(chromedp.CSS("#act-hearing > summary")),
		chromedp.SendKeys(chromedp.ID("f-heard"), "De klager en de ambtenaar"),
		chromedp.SendKeys(chromedp.ID("f-report"), "Beide kanten gehoord op het stadskantoor. De ambtenaar erkent dat zij kortaf was."),
		chromedp.Click(chromedp.CSS(`form[action$="/hearing"] button`)),
		chromedp.WaitVisible(`//ol[@class="timeline"]//p[contains(., "erkent dat zij kortaf was")]`),
	))
	shoot(t, ctx, "42-hearing-on-timeline")

	// The official's own part, through the link in their copy.
	link := ""
	for _, m := range messagesOf(t, e, c.Reference) {
		if m.Kind == "subject_request" {
			if l := expertLinkRE.FindStringSubmatch(m.Body); l != nil {
				link = l[1]
			}
		}
	}
	must(t, "their part", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+link+"?lang=nl"),
		chromedp.WaitVisible(`//h1[contains(., "Klacht die over u gaat")]`),
	))
	part, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	must(t, "their part text", err)
	if strings.Contains(part, "jan@example.nl") || strings.Contains(part, "Damrak") {
		t.Error("the official's page shows the complainant's contact details")
	}
	axeIf(t, ctx, axe, "the official's part")
	shoot(t, ctx, "43-official-part")

	// Four eyes: the agent writes the decision; the coordinator decides.
	e.form("/complaints/"+c.Reference+"/status", auth.RoleAgent, url.Values{"status": {"in_progress"}})
	handle := url.Values{"told.via": {"email"}, "told.summary": {"De klacht is gegrond. Wij bieden onze excuses aan."}}
	e.form("/complaints/"+c.Reference+"/handle", auth.RoleAgent, handle)
	must(t, "send back without a note", chromedp.Do(ctx,
		chromedp.Navigate(path),
		chromedp.WaitVisible(chromedp.ID("h-approval")),
		chromedp.Click(chromedp.CSS(`#approval form[novalidate] button`)),
		chromedp.WaitVisible(chromedp.ID("f-approval_note-error")),
	))
	axeIf(t, ctx, axe, "approval asked, sent back without a note")
	shoot(t, ctx, "44-approval-note-needed")
	must(t, "send back", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-approval_note"), "Noem ook wat wij doen om herhaling te voorkomen."),
		chromedp.Click(chromedp.CSS(`#approval form[novalidate] button`)),
		chromedp.WaitVisible(`//ol[@class="timeline"]//p[contains(., "herhaling te voorkomen")]`),
	))
	handle.Set("told.summary", "De klacht is gegrond. Wij bieden excuses aan; de ambtenaar volgt een training bejegening.")
	e.form("/complaints/"+c.Reference+"/handle", auth.RoleAgent, handle)
	must(t, "approvals list", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/approvals"),
		chromedp.WaitVisible(`//a[contains(., "`+c.Reference+`")]`),
	))
	axeIf(t, ctx, axe, "outcomes waiting for approval")
	shoot(t, ctx, "45-approvals")
	must(t, "approve", chromedp.Do(ctx,
		chromedp.Navigate(path),
		chromedp.WaitVisible(chromedp.ID("h-approval")),
	))
	shoot(t, ctx, "46-approval-waiting")
	must(t, "approve", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#approval button.primary`)),
		chromedp.WaitVisible(`//span[contains(@class, "status-handled")]`),
	))
	axeIf(t, ctx, axe, "decision approved")
	shoot(t, ctx, "47-approved")
	if body := outcomeMail(t, e, c.Reference); !strings.Contains(body, "Nationale ombudsman") || !strings.Contains(body, "training") {
		t.Errorf("decision letter:\n%s", body)
	}
}
