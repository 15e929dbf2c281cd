package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/notify/pdftest"
	"github.com/klacht/klacht/internal/store"
)

// TestPublicFormAsksHowToAnswer: the public form asks how
// the complainant wants to be answered and requires the detail that needs;
// the confirmation page and the acknowledgement say what happens next and
// by when, in that way; the copy downloads as a PDF; matters that are no
// complaint are sent where they belong before anyone fills anything in.
func TestPublicFormAsksHowToAnswer(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		form := string(e.page("/klacht", "").Body)
		for _, want := range []string{"Hoe wilt u antwoord van ons krijgen?", `name="answer_by" value="phone"`,
			"Geen klacht? Dan bent u elders sneller geholpen", `href="https://www.omgevingsdienst.nl"`, "Ga naar omgevingsdienst.nl",
			"U hoort binnen 14 dagen"} {
			if !strings.Contains(form, want) {
				t.Errorf("the form lacks %q", want)
			}
		}
		// The hint sits above its field, between label and control.
		if i, j := strings.Index(form, `id="f-complainant-phone-hint"`), strings.Index(form, `id="f-complainant-phone"`); i < 0 ||
			j < i {
			t.Error("the phone hint is not above its field")
		}
		for _, c := range []struct {
			name   string
			set    map[string]string
			fields []string // the fields with an error, in the summary's order
		}{
			{"not chosen", map[string]string{"answer_by": ""}, []string{"answer_by"}},
			{"phone without a number", map[string]string{"answer_by": "phone"}, []string{"complainant.phone"}},
			{"e-mail without an address", map[string]string{"answer_by": "email", "complainant.email": ""}, []string{"complainant.email"}},
			{"letter without a town", map[string]string{"answer_by": "letter", "complainant.city": "", "complainant.name": ""},
				[]string{"complainant.name", "complainant.city"}},
			{"made up", map[string]string{"answer_by": "duif"}, []string{"answer_by"}},
		} {
			v := e.publicValues()
			for k, val := range c.set {
				v.Set(k, val)
			}
			res := e.publicPost("/klacht", v, nil)
			body := string(res.Body)
			if res.Status != 422 || e.count() != 0 {
				t.Fatalf("%s: %d, %d stored", c.name, res.Status, e.count())
			}
			summary := body[strings.Index(body, `id="error-summary"`):strings.Index(body, "<h1>")]
			var got []string
			for _, m := range regexp.MustCompile(`href="#f-([a-z_.-]+)"`).FindAllStringSubmatch(summary, -1) {
				got = append(got, strings.Replace(m[1], "complainant-", "complainant.", 1))
			}
			if strings.Join(got, ",") != strings.Join(c.fields, ",") {
				t.Errorf("%s: summary names %q, want %q", c.name, got, c.fields)
			}
		}
		v := e.publicValues()
		v.Set("answer_by", "phone")
		v.Set("complainant.phone", "06-12345678")
		res := e.publicPost("/klacht", v, nil)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("submit = %d %s", res.Status, res.Body)
		}
		loc := res.Header.Get("Location")
		received := string(e.page(loc, "").Body)
		ref := regexp.MustCompile(`K-2026-\d{5}`).FindString(received)
		c, err := e.store.Complaint(ctx, ref)
		if err != nil || c.AnswerBy != complaint.ToldByPhone {
			t.Fatalf("stored %+v, %v", c, err)
		}
		due := c.DueAt.In(e.srv.Profile().Location()).Format("02-01-2006")
		for _, want := range []string{"Wat gebeurt er nu?", "Uiterlijk " + due + " hoort u telefonisch", "in beroep gaan bij het bestuur",
			`/copy.pdf?lang=nl" download`} {
			if !strings.Contains(received, want) {
				t.Errorf("the confirmation lacks %q", want)
			}
		}
		msgs, _ := e.store.ComplaintMessages(ctx, c.ID)
		if len(msgs) != 1 || !strings.Contains(msgs[0].Body, "Wat gebeurt er nu?") ||
			!strings.Contains(msgs[0].Body, "hoort u telefonisch") {
			t.Errorf("acknowledgement:\n%s", msgs[0].Body)
		}
		if status := string(e.page(strings.TrimSuffix(loc, "/received"), "").Body); !strings.Contains(
			status,
			`/copy.pdf?lang=nl" download`,
		) {
			t.Error("the status page offers no copy")
		}
		copyPDF := e.page(strings.TrimSuffix(loc, "/received")+"/copy.pdf", "")
		if copyPDF.Status != 200 || copyPDF.Header.Get("Content-Type") != "application/pdf" ||
			!strings.Contains(copyPDF.Header.Get("Content-Disposition"), ref+".pdf") {
			t.Fatalf(
				"copy = %d %s %s",
				copyPDF.Status,
				copyPDF.Header.Get("Content-Type"),
				copyPDF.Header.Get("Content-Disposition"),
			)
		}
		if text, ok := pdftest.Text(t, copyPDF.Body); ok {
			for _, want := range []string{"Kopie van uw klacht " + ref, "De straatwerver liep een straat met mij mee.",
				"Antwoord gewenst: Telefonisch", "06-12345678", "Wat gebeurt er nu?", "hoort u telefonisch"} {
				if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
					t.Errorf("the copy lacks %q:\n%s", want, text)
				}
			}
		}
		if res := e.page("/status/nonsense/copy.pdf", ""); res.Status != 404 {
			t.Errorf("copy of an unknown link = %d", res.Status)
		}
		// Staff see the wish, and the handling form starts on it.
		if res := e.api(http.MethodPost, "/api/v1/complaints/"+ref+"/transitions", auth.RoleAgent, map[string]any{"status": "in_progress"}); res.Status != 200 {
			t.Fatalf("transition = %d %s", res.Status, res.Body)
		}
		detail := string(e.page("/complaints/"+ref, auth.RoleAgent).Body)
		if !strings.Contains(detail, "<dt>Antwoord gewenst</dt><dd>Telefonisch</dd>") ||
			!regexp.MustCompile(`name="told.via" value="phone"[^>]* checked`).MatchString(detail) {
			t.Error("the complaint page does not show or use the complainant's wish")
		}
	})
}

// TestElsewhereList: the administrator keeps the list of matters that are
// no complaint; a link that is no web address is refused with its field
// named, and what is saved shows on the public form at once.
func TestElsewhereList(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		add := url.Values{"elsewhere_key": {"adres"}, "elsewhere_label_nl": {"Uw adres wijzigen"},
			"elsewhere_label_en": {"Changing your address"}, "elsewhere_url_nl": {"javascript:alert(1)"}}
		res := e.form("/admin/elsewhere", auth.RoleAdmin, add)
		if res.Status != 422 || !strings.Contains(string(res.Body), `id="f-elsewhere_url_nl-error"`) {
			t.Fatalf("a script link = %d", res.Status)
		}
		if strings.Contains(string(e.page("/klacht", "").Body), "Uw adres wijzigen") {
			t.Fatal("a refused entry shows on the form")
		}
		add.Set("elsewhere_url_nl", "https://example.org/adres")
		if res := e.form("/admin/elsewhere", auth.RoleAdmin, add); res.Status != http.StatusSeeOther {
			t.Fatalf("save = %d %s", res.Status, res.Body)
		}
		form := string(e.page("/klacht", "").Body)
		if !strings.Contains(form, "Uw adres wijzigen") || !strings.Contains(form, `href="https://example.org/adres"`) {
			t.Error("the saved entry is not on the form")
		}
		// Without an English link the English form points to the Dutch page:
		// better a page in Dutch than none.
		if en := string(e.page("/en/complaint", "").Body); !strings.Contains(en, "Changing your address") ||
			!strings.Contains(en, "Go to example.org") {
			t.Error("the English form lacks the English label or the link")
		}
		if res := e.form("/admin/elsewhere", auth.RoleAdmin, url.Values{"elsewhere_key": {"adres"}, "action": {"remove"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("remove = %d", res.Status)
		}
		if strings.Contains(string(e.page("/klacht", "").Body), "Uw adres wijzigen") {
			t.Error("a removed entry still shows")
		}
		if res := e.form("/admin/elsewhere", auth.RoleAdmin, url.Values{"elsewhere_key": {"adres"}, "action": {"remove"}}); res.Status != 404 {
			t.Errorf("remove twice = %d", res.Status)
		}
	})
}
