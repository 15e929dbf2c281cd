package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/member"
	"github.com/klacht/klacht/internal/store"
)

// TestMemberLookup (P4.1): a member number finds the member in the
// membership system's API; when the system does not know them, in the
// member file; else in their last complaint; a system that does not
// answer in time leaves the form working from the file, and says so.
// Contact details only for roles that may see them.
func TestMemberLookup(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		crm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/leden/111":
				w.Write([]byte(`{"naam": "Ans Aalders", "adres": {"straat": "Dorpsstraat 3", "postcode": "1234ab",
					"plaats": "Ergens"}, "email": "ans@example.nl", "telefoon": "06-12345678"}`))
			case "/leden/222":
				time.Sleep(700 * time.Millisecond) // longer than the look-up may wait
			default:
				http.NotFound(w, r)
			}
		}))
		defer crm.Close()
		fields, err := member.ParseFields("name=naam,address=adres.straat,postcode=adres.postcode,city=adres.plaats," +
			"phone=telefoon")
		if err != nil {
			t.Fatal(err)
		}
		a, err := app.New(app.Config{Store: e.store, Profile: e.srv.Profile(), Logger: e.srv.Log, Now: e.clock.Now,
			MemberLookup: &member.HTTPLookup{URL: crm.URL + "/leden/{member}", Fields: fields, Timeout: 300 * time.Millisecond}})
		if err != nil {
			t.Fatal(err)
		}
		e.srv.App = a
		file := "lidnummer;naam;adres;postcode;woonplaats;e-mail;telefoon\n" +
			"222;Bert Bakker;Kade 9;9999zz;Haven;bert@example.nl;+31 20 555 1234\n" +
			"333;Cor Coster;Laan 1;1111aa;Stad;cor@example.nl;\n"
		good, bad, err := member.ParseFile(strings.NewReader(file), i18n.EN)
		if err != nil || len(bad) != 0 {
			t.Fatal(err, bad)
		}
		if _, err := a.ImportMembers(ctx, "file", good); err != nil {
			t.Fatal(err)
		}
		e.mustCreate(validComplaint()) // member 123456, Jan Jansen
		for _, c := range []struct {
			nr, name, source string
			down             bool
		}{
			{"111", "Ans Aalders", member.FromMembershipSystem, false},
			{"222", "Bert Bakker", member.FromMemberFile, true},
			{"333", "Cor Coster", member.FromMemberFile, false},
			{"123456", "Jan Jansen", member.FromEarlierComplaint, false},
		} {
			start := time.Now()
			var got app.FoundMember
			res := e.api(http.MethodGet, "/api/v1/complainants/"+c.nr, auth.RoleAgent, nil)
			res.JSON(t, &got)
			if res.Status != 200 || got.Name != c.name || got.Source != c.source || got.SystemDown != c.down {
				t.Errorf("%s = %d %+v", c.nr, res.Status, got)
			}
			if time.Since(start) > 2*time.Second {
				t.Errorf("%s took %v", c.nr, time.Since(start))
			}
		}
		var ans app.FoundMember
		e.api(http.MethodGet, "/api/v1/complainants/111", auth.RoleAgent, nil).JSON(t, &ans)
		// Email is not mapped: it is read by its own name.
		if ans.Postcode != "1234AB" || ans.Phone != "06-12345678" || ans.Email != "ans@example.nl" {
			t.Errorf("mapped fields %+v", ans)
		}
		var hidden app.FoundMember
		e.api(http.MethodGet, "/api/v1/complainants/333", auth.RoleManager, nil).JSON(t, &hidden)
		if hidden.Name != "Cor Coster" || hidden.Email != "" || hidden.Address != "" || !hidden.ContactHidden {
			t.Errorf("a manager sees %+v", hidden)
		}
		wantProblem(t, e.api(http.MethodGet, "/api/v1/complainants/999", auth.RoleAgent, nil), 404, "")
		// The register form says where its data comes from.
		page := string(e.page("/complaints/new", auth.RoleAgent).Body)
		for _, want := range []string{"Ingevuld uit de ledenadministratie.", "Ingevuld uit het ledenbestand van %s.",
			"De ledenadministratie gaf geen antwoord."} {
			if !strings.Contains(page, want) {
				t.Errorf("the form lacks %q", want)
			}
		}
		// A second import replaces the file: who left is no longer on file.
		good, _, _ = member.ParseFile(bytes.NewReader([]byte("member_number,name\n333,Cor Coster\n")), i18n.EN)
		if before, err := a.ImportMembers(ctx, "file", good); err != nil || before != 2 {
			t.Fatalf("replace: %d %v", before, err)
		}
		var gone app.FoundMember
		e.api(http.MethodGet, "/api/v1/complainants/222", auth.RoleAgent, nil).JSON(t, &gone)
		if gone.Source == member.FromMemberFile {
			t.Errorf("a member who left is still on file: %+v", gone)
		}
	})
}
