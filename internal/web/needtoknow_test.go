package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/intake"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
	"github.com/xuri/excelize/v2"
)

// TestNeedToKnow walks every role over four complaints (telemarketing,
// privacy, about a campaign the campaign lead heads, under appeal) through
// the list, the search, the single complaint and its page: each role sees
// the complaints and the contact details its visibility allows, and no
// more, on both databases.
func TestNeedToKnow(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		lead := e.users[auth.RoleCampaignLead]
		if err := e.store.SaveCampaign(ctx, procedure.Campaign{Item: procedure.Item{Key: "klimaat", Label: i18n.Label{NL: "Klimaat", EN: "Climate"}}, HeadUserID: lead.ID}, 0, t0); err != nil {
			t.Fatal(err)
		}
		e.srv.App.ReloadProfile()
		tm := e.mustCreate(validComplaint())
		body := validComplaint()
		body["category"] = "privacy"
		priv := e.mustCreate(body)
		body = validComplaint()
		body["category"], body["campaign"] = "campaign_content", "klimaat"
		camp := e.mustCreate(body)
		appealed := e.mustCreate(validComplaint())
		tr := "/api/v1/complaints/" + appealed.Reference + "/transitions"
		e.api(http.MethodPost, tr, auth.RoleAgent, map[string]any{"status": "in_progress"})
		e.api(
			http.MethodPost,
			tr,
			auth.RoleAgent,
			map[string]any{"status": "handled", "told": map[string]any{"via": "phone", "summary": "Uitgelegd"}},
		)
		if res := e.api(http.MethodPost, "/api/v1/complaints/"+appealed.Reference+"/appeals", auth.RoleAgent, map[string]any{"grounds": "Oneens"}); res.Status != 201 {
			t.Fatalf("appeal = %d %s", res.Status, res.Body)
		}
		all := []string{tm.Reference, priv.Reference, camp.Reference, appealed.Reference}
		// Every timeline entry that can name an address: a
		// mail delivered, one retried, one failed, one received, a reply.
		for i := 0; ; i++ {
			item, ok, err := e.store.ClaimEmail(ctx, e.clock.Now(), time.Minute)
			if err != nil || !ok {
				break
			}
			switch i % 3 {
			case 0:
				err = e.store.MarkSent(ctx, item, e.clock.Now())
			case 1:
				err = e.store.MarkRetry(
					ctx,
					item,
					"450 <jan@example.nl>: mailbox busy",
					e.clock.Now().Add(time.Hour),
					e.clock.Now(),
				)
			default:
				err = e.store.MarkFailed(ctx, item, "550 <jan@example.nl>: no such user", e.clock.Now())
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, ref := range all {
			reply := "From: Jan <jan@example.nl>\r\nSubject: Re: " + ref + "\r\n\r\nNog een vraag.\r\n"
			if err := e.srv.App.TakeMail(ctx, intake.Mail{Raw: []byte(reply)}); err != nil {
				t.Fatal(err)
			}
			e.form("/complaints/"+ref+"/reply", auth.RoleAdmin, url.Values{"subject": {"Vraag"}, "body": {"Welk nummer?"}})
		}
		for _, c := range []struct {
			role    auth.Role
			sees    []string
			contact bool
		}{
			{auth.RoleAgent, all, true},
			{auth.RoleCoordinator, all, true},
			{auth.RoleMembershipAdmin, all, true},
			{auth.RoleAdmin, all, true},
			{auth.RoleManager, all, false},
			{auth.RoleCampaignLead, []string{camp.Reference}, false},
			{auth.RoleDPO, []string{priv.Reference}, true},
			{auth.RoleBoard, []string{appealed.Reference}, false},
		} {
			var list struct{ Items []api.ComplaintView }
			e.api(http.MethodGet, "/api/v1/complaints?sort=received_at&limit=50", c.role, nil).JSON(t, &list)
			var got []string
			for _, it := range list.Items {
				got = append(got, it.Reference)
				if hasContact := it.Complainant.Email != "" || it.Complainant.Address != ""; hasContact != c.contact {
					t.Errorf("%s: %s shows contact details: %v", c.role, it.Reference, hasContact)
				}
				if it.Complainant.Name == "" {
					t.Errorf("%s: %s hides the name", c.role, it.Reference)
				}
			}
			slices.Sort(got)
			want := slices.Clone(c.sees)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s lists %v, want %v", c.role, got, want)
			}
			// The register's export holds what the list holds, and the
			// contact details only for whom may see them.
			for _, format := range []string{"csv", "xlsx"} {
				res := e.api(http.MethodGet, "/api/v1/exports/complaints?format="+format, c.role, nil)
				if res.Status != 200 {
					t.Fatalf("%s: export %s = %d %s", c.role, format, res.Status, res.Body)
				}
				text := string(res.Body)
				if format == "xlsx" {
					text = xlsxText(t, res.Body)
				}
				for _, ref := range all {
					if slices.Contains(c.sees, ref) != strings.Contains(text, ref) {
						t.Errorf("%s: the %s export holds %s: %v", c.role, format, ref, !slices.Contains(c.sees, ref))
					}
				}
				if c.contact != strings.Contains(text, "jan@example.nl") || c.contact != strings.Contains(text, "Damrak") {
					t.Errorf("%s: the %s export shows contact details: %v", c.role, format, !c.contact)
				}
			}
			// Searching by e-mail finds nothing for who may not see it.
			var found struct{ Items []api.ComplaintView }
			e.api(http.MethodGet, "/api/v1/complaints?q=jan@example.nl&limit=50", c.role, nil).JSON(t, &found)
			if c.contact != (len(found.Items) > 0) {
				t.Errorf("%s: a search by e-mail found %d", c.role, len(found.Items))
			}
			for _, ref := range all {
				res := e.api(http.MethodGet, "/api/v1/complaints/"+ref, c.role, nil)
				page := e.page("/complaints/"+ref, c.role)
				visible := slices.Contains(c.sees, ref)
				if visible != (res.Status == 200) || visible != (page.Status == 200) {
					t.Errorf("%s: %s answers %d (API) and %d (page), visible %v", c.role, ref, res.Status, page.Status, visible)
				}
				if visible && c.contact != strings.Contains(string(page.Body), "jan@example.nl") {
					t.Errorf("%s: the page of %s shows the e-mail address: %v", c.role, ref, !c.contact)
				}
				if visible {
					timeline := e.api(http.MethodGet, "/api/v1/complaints/"+ref+"/timeline", c.role, nil)
					if c.contact != strings.Contains(string(timeline.Body), "jan@example.nl") {
						t.Errorf("%s: the timeline of %s shows the e-mail address: %v", c.role, ref, !c.contact)
					}
				}
			}
		}
		// The member look-up of the register form keeps the address from
		// who may not see it.
		var p struct{ Address, Name string }
		e.api(http.MethodGet, "/api/v1/complainants/123456", auth.RoleManager, nil).JSON(t, &p)
		if p.Name != "Jan Jansen" || p.Address != "" {
			t.Errorf("member look-up as manager = %+v", p)
		}
		// It answers only from complaints the caller may see: the campaign
		// lead sees the campaign complaint of member 123456, the board the
		// appealed one; a member only in complaints out of sight is 404.
		other := validComplaint()
		other["category"] = "privacy"
		other["complainant"].(map[string]any)["member_number"] = "777777"
		other["complainant"].(map[string]any)["name"] = "Piet Privé"
		e.mustCreate(other)
		for _, role := range []auth.Role{auth.RoleCampaignLead, auth.RoleBoard, auth.RoleManager} {
			res := e.api(http.MethodGet, "/api/v1/complainants/777777", role, nil)
			wantOK := role == auth.RoleManager
			if (res.Status == 200) != wantOK || (!wantOK && strings.Contains(string(res.Body), "Piet")) {
				t.Errorf("member look-up of an unseen member as %s = %d %s", role, res.Status, res.Body)
			}
		}
		res := e.api(http.MethodGet, "/api/v1/complainants/777777", auth.RoleDPO, nil)
		if res.Status != 200 || !strings.Contains(string(res.Body), "jan@example.nl") {
			t.Errorf("the DPO's look-up of a privacy complaint = %d %s", res.Status, res.Body)
		}
	})
}

// TestHiddenIsNotMissing: a manager, who may not see contact
// details, is told whether the registration is complete, not that the
// hidden fields are missing; the value is never shown.
func TestHiddenIsNotMissing(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		c := e.mustCreate(validComplaint()) // complete, with phone and e-mail
		page := string(e.page("/complaints/"+c.Reference, auth.RoleManager).Body)
		if strings.Contains(page, "020-1234567") || strings.Contains(page, `class="incomplete"`) ||
			!strings.Contains(page, "Afgeschermd") {
			t.Error("the manager sees the phone number, or is told the hidden fields are missing")
		}
		var v api.ComplaintView
		e.api(http.MethodGet, "/api/v1/complaints/"+c.Reference, auth.RoleManager, nil).JSON(t, &v)
		if len(v.Missing) != 0 || !v.ContactHidden || v.Complainant.Phone != "" {
			t.Errorf("API for the manager: missing %v, hidden %v, phone %q", v.Missing, v.ContactHidden, v.Complainant.Phone)
		}
		// Truly missing stays missing, for every role.
		body := validComplaint()
		cp := body["complainant"].(map[string]any)
		cp["email"], cp["phone"] = "", ""
		bare := e.mustCreate(body)
		e.api(http.MethodGet, "/api/v1/complaints/"+bare.Reference, auth.RoleManager, nil).JSON(t, &v)
		if len(v.Missing) != 1 || v.Missing[0] != "complainant.contact" {
			t.Errorf("missing contact for the manager = %v", v.Missing)
		}
	})
}

// xlsxText is every cell of a workbook's first sheet, joined.
func xlsxText(t *testing.T, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t") + "\n")
	}
	return b.String()
}
