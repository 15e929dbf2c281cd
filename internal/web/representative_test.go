package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
)

// TestRepresentative: a complaint made by a daughter for her
// father keeps them apart; letters go to whom was chosen, by her name;
// where the profile requires it, the outcome waits for her authorisation;
// her contact details follow need to know.
func TestRepresentative(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		c := e.mustCreate(validComplaint())
		path := "/complaints/" + c.Reference
		e.form(path+"/status", auth.RoleAgent, url.Values{"status": {"in_progress"}})
		res := e.form(path+"/representative", auth.RoleAgent, url.Values{"representative.name": {""},
			"representative.relation": {"aunt"}, "representative.email": {"els@"}})
		body := string(res.Body)
		for _, id := range []string{"f-representative-name-error", "f-representative-relation-error", "f-representative-email-error"} {
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+id+`"`) {
				t.Errorf("bad representative: %d, no %s", res.Status, id)
			}
		}
		if res := e.form("/admin/terms", auth.RoleAdmin, termsForm(e, url.Values{"require_authorisation": {"true"}})); res.Status != http.StatusSeeOther {
			t.Fatalf("terms = %d", res.Status)
		}
		rep := url.Values{"representative.name": {"Els Jansen"}, "representative.relation": {"relative"},
			"representative.email": {"els@example.nl"}, "representative.write_to": {"representative"}}
		if res := e.form(path+"/representative", auth.RoleAgent, rep); res.Status != http.StatusSeeOther {
			t.Fatalf("representative = %d %s", res.Status, res.Body)
		}
		handle := url.Values{"told.via": {"email"}, "told.summary": {"Wij bellen uw vader niet meer."}}
		if res := e.form(path+"/handle", auth.RoleAgent, handle); res.Status != http.StatusConflict ||
			!strings.Contains(string(res.Body), "machtiging") {
			t.Errorf("handled without the authorisation = %d", res.Status)
		}
		rep.Set("representative.authorised", "true")
		rep.Set("representative.authorisation_note", "Volmacht van 2 maart")
		if res := e.form(path+"/representative", auth.RoleAgent, rep); res.Status != http.StatusSeeOther {
			t.Fatalf("authorised = %d", res.Status)
		}
		if res := e.form(path+"/handle", auth.RoleAgent, handle); res.Status != http.StatusSeeOther {
			t.Fatalf("handle = %d %s", res.Status, res.Body)
		}
		var outcome bool
		for _, m := range messagesOf(t, e, c.Reference) {
			if m.Kind == "outcome" {
				outcome = m.Recipient == "els@example.nl" && strings.Contains(m.Body, "Els Jansen") && !strings.Contains(m.Body, "Jan Jansen")
			}
		}
		if !outcome {
			t.Error("the outcome did not go to the representative, by her name")
		}
		var v struct {
			Complainant    struct{ Name, Email string }
			Representative *struct {
				Contact    struct{ Name, Email string }
				Authorised bool
			}
		}
		e.api("GET", "/api/v1"+path, auth.RoleCoordinator, nil).JSON(t, &v)
		if v.Complainant.Email != "jan@example.nl" || v.Representative == nil || v.Representative.Contact.Email != "els@example.nl" ||
			!v.Representative.Authorised {
			t.Errorf("coordinator sees %+v", v)
		}
		v.Representative = nil
		e.api("GET", "/api/v1"+path, auth.RoleCampaignLead, nil).JSON(t, &v)
		if v.Representative != nil && v.Representative.Contact.Email != "" {
			t.Errorf("a campaign lead sees the representative's address %q", v.Representative.Contact.Email)
		}
	})
}
