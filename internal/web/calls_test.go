package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/member"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
)

// TestPhoneCalls (P3.1): the telephony system reports a call the way
// Zammad's generic CTI does; the caller log names a known member by a
// number typed otherwise; one click opens the form filled with the
// member, and registering it names the call's complaint. A number used by
// several asks staff to choose; an earlier complainant is found too.
func TestPhoneCalls(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		good, _, err := member.ParseFile(strings.NewReader("lidnummer;naam;adres;postcode;woonplaats;e-mail;telefoon\n"+
			"777;Dirk Dekker;Gracht 7;1015AA;Amsterdam;dirk@example.nl;+31 (0)20 7654321\n"+
			"881;Eva Smit;Weg 1;2000AB;Haarlem;;06-11112222\n882;Frank Smit;Weg 1;2000AB;Haarlem;;06 1111 2222\n"), i18n.EN)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.srv.App.ImportMembers(ctx, "file", good); err != nil {
			t.Fatal(err)
		}
		cti := func(v url.Values) response {
			return e.do(http.MethodPost, "/api/v1/calls", auth.RoleAgent, strings.NewReader(v.Encode()),
				map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		}
		res := cti(url.Values{"event": {"newCall"}, "callId": {"pbx-1"}, "direction": {"in"}, "from": {"0207654321"},
			"to": {"0201111111"}, "user[]": {"Servicelijn"}})
		var c api.CallView
		res.JSON(t, &c)
		if res.Status != 200 || c.State != "ringing" || c.CallerName != "Dirk Dekker" || c.MemberNumber != "777" {
			t.Fatalf("new call = %d %s", res.Status, res.Body)
		}
		cti(url.Values{"event": {"answer"}, "callId": {"pbx-1"}, "user": {"Anna"}})
		e.clock.Add(90_000_000_000)
		res = cti(url.Values{"event": {"hangup"}, "callId": {"pbx-1"}, "cause": {"normalClearing"}})
		res.JSON(t, &c)
		if c.State != "ended" || c.Agent != "Anna" || c.Cause != "normalClearing" || c.AnsweredAt == nil || c.EndedAt == nil {
			t.Errorf("after answer and hang-up: %s", res.Body)
		}
		// A late "answer" after the hang-up does not bring it back.
		cti(url.Values{"event": {"answer"}, "callId": {"pbx-1"}})
		page := string(e.page("/calls", auth.RoleAgent).Body)
		link := regexp.MustCompile(`href="(/complaints/new\?[^"]+)">Registreren als klacht`).FindStringSubmatch(page)
		if !strings.Contains(page, "Dirk Dekker") || !strings.Contains(page, "beëindigd") || link == nil {
			t.Fatalf("the caller log: %s", page)
		}
		// One click: the form knows the caller; the category is next.
		form := string(e.page(strings.ReplaceAll(link[1], "&amp;", "&"), auth.RoleAgent).Body)
		for _, want := range []string{`value="Dirk Dekker"`, `value="Gracht 7"`, `value="dirk@example.nl"`,
			`name="call" value="`, "Gesprek van 0207654321.", `name="category" required autofocus`} {
			if !strings.Contains(form, want) {
				t.Errorf("the call's form lacks %q", want)
			}
		}
		call := regexp.MustCompile(`name="call" value="(\d+)"`).FindStringSubmatch(form)
		values := url.Values{"channel": {"phone"}, "category": {"telemarketing"}, "concerns": {"person"},
			"language": {"nl"}, "department": {"servicelijn"}, "received_at": {"2026-03-02T09:00"},
			"description": {"Belt om af te melden voor telemarketing."}, "complainant.member_number": {"777"},
			"complainant.name": {"Dirk Dekker"}, "complainant.address": {"Gracht 7"}, "complainant.postcode": {"1015AA"},
			"complainant.city": {"Amsterdam"}, "complainant.email": {"dirk@example.nl"}, "complainant.phone": {"0207654321"},
			"call": {call[1]}}
		res = e.form("/complaints", auth.RoleAgent, values)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("register = %d %s", res.Status, res.Body)
		}
		ref := strings.TrimSuffix(strings.TrimPrefix(res.Header.Get("Location"), "/complaints/"), "?notice=created")
		var log struct{ Items []api.CallView }
		e.api(http.MethodGet, "/api/v1/calls", auth.RoleAgent, nil).JSON(t, &log)
		if len(log.Items) != 1 || log.Items[0].Complaint != ref {
			t.Errorf("the call names complaint %+v, want %s", log.Items, ref)
		}
		// Two members share a number: staff choose.
		form = string(e.page("/complaints/new?phone=%2B31611112222", auth.RoleAgent).Body)
		if !strings.Contains(form, "Meer mensen gebruiken dit nummer") || !strings.Contains(form, "Eva Smit") ||
			!strings.Contains(form, "Frank Smit") || strings.Contains(form, `value="Eva Smit"`) {
			t.Errorf("a shared number: %s", form)
		}
		// An earlier complainant (no member file) is found by number too.
		res = e.api(http.MethodPost, "/api/v1/calls", auth.RoleAgent, map[string]any{"event": "new", "call_id": "pbx-2",
			"from": "+31 20 123 4567"})
		c = api.CallView{}
		res.JSON(t, &c)
		if c.CallerName != "" {
			t.Errorf("nobody registered with that number yet, but %q", c.CallerName)
		}
		e.mustCreate(validComplaint()) // Jan Jansen, 020-1234567
		res = e.api(http.MethodPost, "/api/v1/calls", auth.RoleAgent, map[string]any{"event": "new", "call_id": "pbx-3",
			"from": "0031201234567"})
		c = api.CallView{}
		res.JSON(t, &c)
		if c.CallerName != "Jan Jansen" || c.MemberNumber != "123456" {
			t.Errorf("an earlier complainant by number: %s", res.Body)
		}
		// Hostile bytes in any field: a clear refusal, never a 500, nothing kept.
		for _, bad := range []string{"0201234567\x00", "\xff\xfe", "agent\u202e"} {
			res := e.api(http.MethodPost, "/api/v1/calls", auth.RoleAgent,
				`{"event": "new", "call_id": "h-`+url.QueryEscape(bad)+`", "from": "`+bad+`", "user": "`+bad+`"}`)
			if res.Status >= 500 {
				t.Errorf("from %q = %d %s", bad, res.Status, res.Body)
			}
		}
		res = cti(url.Values{"event": {"newCall"}, "callId": {"nul\x00"}, "from": {"020\x00"}})
		if res.Status != 422 && res.Status != 400 {
			t.Errorf("NUL through the CTI form = %d %s", res.Status, res.Body)
		}
		wantProblem(t, e.api(http.MethodPost, "/api/v1/calls", auth.RoleAgent, map[string]any{"event": "ring", "call_id": "x"}), 422, "event")
		wantProblem(t, e.api(http.MethodPost, "/api/v1/calls", auth.RoleAgent, map[string]any{"event": "new"}), 422, "call_id")
	})
}
