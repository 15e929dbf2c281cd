package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/store"
)

type upload struct {
	name string
	data []byte
}

// publicPost sends the public form as multipart/form-data from addr.
func (e *testEnv) publicPost(path string, values url.Values, files []upload) response {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range values {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile("attachments", f.name)
		w.Write(f.data)
	}
	mw.Close()
	return e.do(http.MethodPost, path, "", &buf, map[string]string{"Content-Type": mw.FormDataContentType()})
}

func (e *testEnv) publicValues() url.Values {
	v := url.Values{
		"started": {e.srv.public.Stamp(e.clock.Now())}, "website": {""},
		"complainant.name": {"Anaïs Ëlberg"}, "complainant.email": {"anais@example.nl"},
		"complainant.address": {"Kerkstraat 5"}, "complainant.postcode": {"3511ab"}, "complainant.city": {"Utrecht"},
		"category": {"street_recruitment"}, "description": {"De straatwerver liep een straat met mij mee."},
		"answer_by": {"email"},
	}
	e.clock.Add(10 * time.Second) // a person takes a while
	return v
}

var pdfFile = []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n")

func TestPublicForm(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		nl := e.page("/klacht", "")
		en := e.page("/en/complaint", "")
		if nl.Status != 200 || !strings.Contains(string(nl.Body), `<html lang="nl">`) || !strings.Contains(string(nl.Body), `href="/en/complaint"`) ||
			en.Status != 200 ||
			!strings.Contains(string(en.Body), "Make a complaint") ||
			!strings.Contains(string(en.Body), `enctype="multipart/form-data"`) {
			t.Fatalf("form pages: %d %d", nl.Status, en.Status)
		}
		// Robots: the honeypot thanks without storing, the time trap refuses.
		v := e.publicValues()
		v.Set("website", "http://spam.example")
		if res := e.publicPost("/klacht", v, nil); res.Status != 200 || e.count() != 0 {
			t.Errorf("honeypot = %d, %d stored", res.Status, e.count())
		}
		v = e.publicValues()
		v.Set("started", e.srv.public.Stamp(e.clock.Now()))
		if res := e.publicPost("/klacht", v, nil); res.Status != 422 ||
			!strings.Contains(string(res.Body), "verstuur haar opnieuw") {
			t.Errorf("too fast = %d", res.Status)
		}
		v = e.publicValues()
		v.Set("started", "123.forged")
		if res := e.publicPost("/klacht", v, nil); res.Status != 422 || e.count() != 0 {
			t.Errorf("forged stamp = %d", res.Status)
		}
		// People: every problem at once, tied to its field; nothing stored.
		v = e.publicValues()
		v.Set("complainant.name", "")
		v.Set("complainant.email", "anais@")
		v.Set("description", "")
		res := e.publicPost("/klacht", v, []upload{{"brief.pdf", pdfFile}, {"virus.exe", []byte("MZ\x90\x00")}})
		body := string(res.Body)
		if res.Status != 422 || e.count() != 0 {
			t.Fatalf("bad form = %d, %d stored", res.Status, e.count())
		}
		for _, id := range []string{"f-complainant-name-error", "f-complainant-email-error", "f-description-error", "f-attachments-error"} {
			if !strings.Contains(body, `id="`+id+`"`) {
				t.Errorf("bad form lacks %s", id)
			}
		}
		if !strings.Contains(body, `value="Kerkstraat 5"`) || !strings.Contains(body, "virus.exe") {
			t.Error("the form lost what was typed, or does not name the bad file")
		}
		// A good complaint, with a scan that claims to be a JPEG.
		res = e.publicPost("/klacht", e.publicValues(), []upload{{"scan.jpg", pdfFile}})
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/status/") {
			t.Fatalf("submit = %d %s", res.Status, res.Body)
		}
		received := e.page(res.Header.Get("Location"), "")
		ref := regexp.MustCompile(`K-2026-\d{5}`).FindString(string(received.Body))
		if received.Status != 200 || ref == "" || received.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Fatalf("confirmation = %d %q", received.Status, ref)
		}
		c, err := e.store.Complaint(ctx, ref)
		if err != nil || c.Channel != "web" || c.Language != "nl" || c.TakenByID != 0 || c.Complainant.Postcode != "3511 AB" {
			t.Fatalf("stored %+v, %v", c, err)
		}
		atts, _ := e.store.Attachments(ctx, c.ID)
		if len(atts) != 1 || atts[0].ContentType != "application/pdf" || atts[0].Filename != "scan.pdf" {
			t.Errorf("attachments = %+v", atts)
		}
		// The acknowledgement carries a working status link.
		msgs, _ := e.store.ComplaintMessages(ctx, c.ID)
		link := regexp.MustCompile(`http://klacht\.test(/status/[A-Za-z0-9_-]+)`).FindStringSubmatch(msgs[0].Body)
		if len(msgs) != 1 || msgs[0].Kind != "acknowledgement" || link == nil {
			t.Fatalf("acknowledgement = %+v", msgs)
		}
		status := e.page(link[1], "")
		if status.Status != 200 || !strings.Contains(string(status.Body), ref) ||
			!strings.Contains(string(status.Body), "Ontvangen") {
			t.Fatalf("status page = %d", status.Status)
		}
		// The complainant adds information and a file.
		add := e.publicPost(
			link[1]+"/add",
			url.Values{"text": {"Het was op 3 maart."}},
			[]upload{{"foto.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")}},
		)
		if add.Status != http.StatusSeeOther {
			t.Fatalf("add = %d %s", add.Status, add.Body)
		}
		if res := e.publicPost(link[1]+"/add", url.Values{"text": {""}}, nil); res.Status != 422 ||
			!strings.Contains(string(res.Body), `id="f-text-error"`) {
			t.Errorf("empty addition = %d", res.Status)
		}
		// Appeal only once handled (P8.1).
		if res := e.publicPost(link[1]+"/appeal", url.Values{"grounds": {"Oneens"}}, nil); res.Status != http.StatusConflict {
			t.Errorf("appeal before handling = %d", res.Status)
		}
		path := "/api/v1/complaints/" + ref + "/transitions"
		e.api(http.MethodPost, path, auth.RoleAgent, map[string]any{"status": "in_progress"})
		e.api(
			http.MethodPost,
			path,
			auth.RoleAgent,
			map[string]any{"status": "handled", "told": map[string]any{"via": "phone", "summary": "Gebeld."}},
		)
		if res := e.publicPost(link[1]+"/appeal", url.Values{"grounds": {"Ik ben het er niet mee eens."}}, []upload{{"bewijs.pdf", pdfFile}}); res.Status != http.StatusSeeOther {
			t.Fatalf("appeal = %d %s", res.Status, res.Body)
		}
		events, _ := e.store.Timeline(ctx, c.ID)
		var kinds []string
		for _, ev := range events {
			kinds = append(kinds, string(ev.Kind))
		}
		if k := strings.Join(kinds, " "); !strings.Contains(k, "complainant_added") || !strings.HasSuffix(k, "appeal_filed") {
			t.Errorf("timeline = %s", k)
		}
		if atts, _ := e.store.Attachments(ctx, c.ID); len(atts) != 3 {
			t.Errorf("%d attachments after the addition", len(atts))
		}
		// The link expires 90 days after closing.
		e.api(http.MethodPost, path, auth.RoleAgent, map[string]any{"status": "closed"})
		e.clock.Add(91 * 24 * time.Hour)
		if res := e.page(link[1], ""); res.Status != http.StatusNotFound || !strings.Contains(string(res.Body), "verlopen") {
			t.Errorf("expired link = %d", res.Status)
		}
		if res := e.page("/status/not-a-token", ""); res.Status != http.StatusNotFound {
			t.Errorf("unknown link = %d", res.Status)
		}
	})
}

func TestPublicFormRateLimit(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	var last response
	for range 6 {
		last = e.publicPost("/en/complaint", e.publicValues(), nil)
	}
	if last.Status != http.StatusTooManyRequests || e.count() != 5 {
		t.Errorf("sixth complaint = %d, %d stored", last.Status, e.count())
	}
	if n, _ := e.store.CountComplaints(store.System(context.Background()), store.Filter{}); n != 5 {
		t.Errorf("stored %d", n)
	}
	c, _, _ := e.store.ListComplaints(store.System(context.Background()), store.Filter{}, store.SortReceivedAsc, 1, nil)
	if c[0].Language != "en" || c[0].Status != complaint.Registered {
		t.Errorf("english form stored %+v", c[0])
	}
}

func TestStaffAttachments(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	v := validForm()
	v.Set("channel", "post")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range v {
		mw.WriteField(k, vs[0])
	}
	w, _ := mw.CreateFormFile("attachments", "brief-scan.pdf")
	w.Write(pdfFile)
	mw.Close()
	res := e.do(
		http.MethodPost,
		"/complaints",
		"",
		&buf,
		map[string]string{"Content-Type": mw.FormDataContentType(), "Cookie": "klacht_session=" + e.session(auth.RoleAgent)},
	)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("register with scan = %d %s", res.Status, res.Body)
	}
	c, _ := e.store.Complaint(store.System(context.Background()), "K-2026-00001")
	atts, _ := e.store.Attachments(store.System(context.Background()), c.ID)
	if len(atts) != 1 || atts[0].Source != "staff" {
		t.Fatalf("attachments = %+v", atts)
	}
	page := string(e.page("/complaints/K-2026-00001", auth.RoleManager).Body)
	if !strings.Contains(page, "brief-scan.pdf") {
		t.Error("detail page does not list the scan")
	}
	dl := e.page("/complaints/K-2026-00001/attachments/"+itoa(atts[0].ID), auth.RoleManager)
	if dl.Status != 200 || dl.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") ||
		!bytes.Equal(dl.Body, pdfFile) ||
		dl.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("download = %d %v", dl.Status, dl.Header)
	}
	if res := e.page("/complaints/K-2026-00001/attachments/999", auth.RoleManager); res.Status != http.StatusNotFound {
		t.Errorf("unknown attachment = %d", res.Status)
	}
}

// publicPostAs posts a multipart form with one file as a signed-in role.
func (e *testEnv) publicPostAs(
	path string,
	role auth.Role,
	values url.Values,
	field, name string,
	data []byte,
) response {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range values {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	w, _ := mw.CreateFormFile(field, name)
	w.Write(data)
	mw.Close()
	return e.do(
		http.MethodPost,
		path,
		"",
		&buf,
		map[string]string{"Content-Type": mw.FormDataContentType(), "Cookie": "klacht_session=" + e.session(role)},
	)
}

// TestStatusPageShowsWhatWasSent: the status page shows the
// text of each message that went out, in words the complainant reads (by
// e-mail, by letter), never an internal label; the system is named as such.
func TestStatusPageShowsWhatWasSent(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	ctx := store.System(context.Background())
	c := e.mustCreate(validComplaint())
	item, ok, err := e.store.ClaimEmail(ctx, e.clock.Now(), time.Minute)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if err := e.store.MarkSent(ctx, item, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`http://klacht\.test(/status/[A-Za-z0-9_-]+)`).FindStringSubmatch(item.Body)
	page := string(e.page(link[1], "").Body)
	if !strings.Contains(page, "per e-mail") || strings.Contains(page, "sjabloon") ||
		!strings.Contains(page, "Wij hebben haar geregistreerd onder kenmerk") {
		t.Errorf("the status page does not show the message's text plainly:\n%s", page)
	}
	if page := string(e.page("/complaints/"+c.Reference, auth.RoleAgent).Body); !strings.Contains(
		page,
		`<span class="actor">automatisch</span>`,
	) {
		t.Error("the system is not named 'automatisch' on the timeline")
	}
}
