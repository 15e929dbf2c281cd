package complaint

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/klacht/klacht/internal/fault"
)

type vocab struct{}

func (vocab) HasCategory(k string) bool   { return k == "telemarketing" || k == "privacy" }
func (vocab) HasChannel(k string) bool    { return k == "phone" || k == "email" }
func (vocab) HasDepartment(k string) bool { return k == "servicelijn" || k == "ledenadministratie" }
func (vocab) HasCampaign(k string) bool   { return k == "klimaat" }
func (vocab) HasAgency(k string) bool     { return k == "belbureau" }

var (
	ams, _ = time.LoadLocation("Europe/Amsterdam")
	now    = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	terms  = Terms{Handling: Term{N: 14, Unit: Days}, Calendar: Calendar{Location: ams}, DefaultDepartment: "servicelijn", DefaultLanguage: "nl"}
)

func TestTransitions(t *testing.T) {
	allowed := map[[2]Status]bool{
		{Registered, InProgress}: true,
		{InProgress, Handled}:    true,
		{Handled, Closed}:        true,
		{Handled, InProgress}:    true, // reopen
		{Closed, InProgress}:     true, // reopen
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			err := from.CheckTransition(to)
			if want := allowed[[2]Status{from, to}]; (err == nil) != want {
				t.Errorf("%s → %s: err = %v, want allowed=%v", from, to, err, want)
			}
			if err != nil && fault.CodeOf(err) != fault.Conflict {
				t.Errorf("%s → %s: code %s, want conflict", from, to, fault.CodeOf(err))
			}
		}
	}
	if err := Registered.CheckTransition("lost"); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("unknown status: %v", err)
	}
}

func TestMoveToStamps(t *testing.T) {
	c := Complaint{Status: InProgress}
	h, ev, err := c.MoveTo(Handled, " done ", 7, now)
	if err != nil || !h.HandledAt.Equal(now) || ev.Data["note"] != "done" || ev.ActorID != 7 {
		t.Fatalf("handled: %+v %+v %v", h, ev, err)
	}
	cl, _, _ := h.MoveTo(Closed, "", 7, now.Add(time.Hour))
	re, ev, err := cl.MoveTo(InProgress, "", 7, now.Add(2*time.Hour))
	if err != nil || !re.HandledAt.IsZero() || !re.ClosedAt.IsZero() || ev.Data["reopened"] != true {
		t.Errorf("reopen: %+v %+v %v", re, ev, err)
	}
}

func TestDueAt(t *testing.T) {
	cases := []struct {
		name     string
		received time.Time
		want     time.Time
	}{
		{"plain", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)},
		// Over the switch to summer time (29 March 2026) the term ends at
		// the same wall-clock time, one hour earlier in UTC.
		{"into summer time", time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC), time.Date(2026, 4, 3, 8, 0, 0, 0, time.UTC)},
		{"into winter time", time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC), time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)},
		{"over new year", time.Date(2026, 12, 25, 12, 0, 0, 0, time.UTC), time.Date(2027, 1, 8, 12, 0, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := DueAt(tc.received, 14, ams); !got.Equal(tc.want) {
				t.Errorf("DueAt(%v) = %v, want %v", tc.received, got, tc.want)
			}
		})
	}
	due := DueAt(now, 14, ams)
	if Overdue(InProgress, due, due) || !Overdue(InProgress, due, due.Add(time.Second)) ||
		Overdue(Handled, due, due.AddDate(1, 0, 0)) {
		t.Error("Overdue wrong at or after the term")
	}
}

func good() Draft {
	return Draft{
		Channel:     "phone",
		Category:    "telemarketing",
		Description: " Belde te vaak ",
		ReceivedAt:  now,
		Language:    "nl",
		Complainant: Complainant{
			Name:         "  Jan   Jansen ",
			Postcode:     "1012lg",
			Email:        "jan@example.nl",
			MemberNumber: "A-12/3",
		},
	}
}

func TestDraftNormalize(t *testing.T) {
	d, err := good().Normalize(vocab{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if d.Complainant.Name != "Jan Jansen" || d.Complainant.Postcode != "1012 LG" || d.Description != "Belde te vaak" {
		t.Errorf("normalised = %+v", d)
	}
	cases := []struct {
		name   string
		mut    func(*Draft)
		fields []string
	}{
		{"no channel", func(d *Draft) { d.Channel = "" }, []string{"channel"}},
		{"unknown channel", func(d *Draft) { d.Channel = "fax" }, []string{"channel"}},
		{"unknown category", func(d *Draft) { d.Category = "x" }, []string{"category"}},
		{"unknown department", func(d *Draft) { d.Department = "x" }, []string{"department"}},
		{"unknown concerns", func(d *Draft) { d.Concerns = "x" }, []string{"concerns"}},
		{"language", func(d *Draft) { d.Language = "fr" }, []string{"language"}},
		{"future", func(d *Draft) { d.ReceivedAt = now.Add(time.Hour) }, []string{"received_at"}},
		{"ancient", func(d *Draft) { d.ReceivedAt = time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC) }, []string{"received_at"}},
		{"no name", func(d *Draft) { d.Complainant.Name = " " }, []string{"complainant.name"}},
		{"email without dot", func(d *Draft) { d.Complainant.Email = "jan@localhost" }, []string{"complainant.email"}},
		{"email with name", func(d *Draft) { d.Complainant.Email = "Jan <jan@example.nl>" }, []string{"complainant.email"}},
		{"phone letters", func(d *Draft) { d.Complainant.Phone = "06-CALLME" }, []string{"complainant.phone"}},
		{"member number", func(d *Draft) { d.Complainant.MemberNumber = "12 34" }, []string{"complainant.member_number"}},
		{"several", func(d *Draft) { d.Channel, d.Description = "", "" }, []string{"channel", "description"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := good()
			d.Language = "nl"
			tc.mut(&d)
			_, err := d.Normalize(vocab{}, now)
			e, ok := fault.As(err)
			if !ok || e.Code != fault.Invalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			var got []string
			for _, f := range e.Fields {
				got = append(got, f.Field)
			}
			if diff := cmp.Diff(tc.fields, got); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewAndApply(t *testing.T) {
	c, err := New(good(), vocab{}, terms, 3, now)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != Registered || c.Department != "servicelijn" || c.Language != "nl" || c.TakenByID != 3 {
		t.Errorf("new = %+v", c)
	}
	if want := []string{"complainant.address", "complainant.city", "concerns"}; !cmp.Equal(want, c.Missing()) {
		t.Errorf("missing = %v, want %v", c.Missing(), want)
	}
	later := now.AddDate(0, 0, -1)
	cat := "privacy"
	next, ev, err := c.Apply(Patch{Category: &cat, ReceivedAt: &later}, vocab{}, terms, 4, now)
	if err != nil || ev == nil {
		t.Fatalf("apply: %v", err)
	}
	if next.Category != "privacy" || !next.DueAt.Equal(DueAt(later, 14, ams)) {
		t.Errorf("after apply: %s %v", next.Category, next.DueAt)
	}
	changes := ev.Data["changes"].(map[string]any)
	if len(changes) != 2 || changes["category"] != "privacy" {
		t.Errorf("changes = %v", changes)
	}
	same := "telemarketing"
	if _, ev, err := c.Apply(Patch{Category: &same}, vocab{}, terms, 4, now); ev != nil || err != nil {
		t.Errorf("no-op patch gave event %v, %v", ev, err)
	}
	bad := "fax"
	if _, _, err := c.Apply(Patch{Channel: &bad}, vocab{}, terms, 4, now); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("bad patch: %v", err)
	}
	c.Status = Closed
	if _, _, err := c.Apply(Patch{Category: &cat}, vocab{}, terms, 4, now); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("editing closed: %v", err)
	}
}

func TestReference(t *testing.T) {
	for ref, ok := range map[string]bool{
		FormatReference("K", 2026, 42): true, "K-2026-123456": true,
		"K-2026-42": false, "k-2026-00042": false, "K-2026-00042'": false, "": false,
	} {
		if LooksLikeReference(ref) != ok {
			t.Errorf("LooksLikeReference(%q) != %v", ref, ok)
		}
	}
	if got := FormatReference("K", 2026, 42); got != "K-2026-00042" {
		t.Errorf("FormatReference = %s", got)
	}
}

func FuzzDraftNormalize(f *testing.F) {
	f.Add("phone", "telemarketing", "text", "Jan", "1012lg", "jan@example.nl", "+31 20 123", "A1")
	f.Add("", "", "", "", "", "@", "(", " ")
	f.Fuzz(func(t *testing.T, channel, category, desc, name, postcode, email, phone, member string) {
		d := Draft{Channel: channel, Category: category, Description: desc, ReceivedAt: now, Language: "nl",
			Complainant: Complainant{Name: name, Postcode: postcode, Email: email, Phone: phone, MemberNumber: member}}
		out, err := d.Normalize(vocab{}, now)
		if err != nil {
			if _, ok := fault.As(err); !ok {
				t.Fatalf("non-fault error %v", err)
			}
			return
		}
		// Normalising is idempotent.
		again, err := out.Normalize(vocab{}, now)
		if err != nil || !cmp.Equal(out, again) {
			t.Fatalf("second normalise changed %+v to %+v (%v)", out, again, err)
		}
	})
}

func TestStepsAndBreach(t *testing.T) {
	received := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := Complaint{Status: InProgress, ReceivedAt: received, DueAt: DueAt(received, 14, ams)}
	reminder := TermStep{Kind: StepReminder, Day: 10}
	for _, tc := range []struct {
		now time.Time
		due bool
	}{
		{received.AddDate(0, 0, 10).Add(-time.Minute), false},
		{received.AddDate(0, 0, 10), true},
	} {
		if got := !c.ReceivedAt.After(reminder.ReceivedBy(tc.now, Calendar{Location: ams})) && !reminder.At(c, Calendar{Location: ams}).After(tc.now); got != tc.due {
			t.Errorf("reminder due at %v = %v, want %v", tc.now, got, tc.due)
		}
	}
	day15 := received.AddDate(0, 0, 15)
	if c.Breach(received.AddDate(0, 0, 13)) || !c.Breach(day15) {
		t.Error("breach wrong around the term")
	}
	noticed, ev, err := c.NoticeDelay(received.AddDate(0, 0, 30), " wacht op de bank ", 5, received.AddDate(0, 0, 12))
	if err != nil || ev.Kind != EventDelayNotice || ev.Data["reason"] != "wacht op de bank" {
		t.Fatalf("notice: %+v %v", ev, err)
	}
	if noticed.Breach(day15) || !noticed.Breach(received.AddDate(0, 0, 31)) {
		t.Error("a notice should lift the breach until its expected date")
	}
	for name, tc := range map[string]struct {
		expected time.Time
		reason   string
		field    string
	}{
		"past":        {received, "x", "expected_at"},
		"within term": {received.AddDate(0, 0, 13), "x", "expected_at"},
		"no reason":   {received.AddDate(0, 0, 30), " ", "reason"},
		"too far":     {received.AddDate(2, 0, 0), "x", "expected_at"},
	} {
		_, _, err := c.NoticeDelay(tc.expected, tc.reason, 5, received.AddDate(0, 0, 12))
		if e, ok := fault.As(err); !ok || e.Field() != tc.field {
			t.Errorf("%s: %v, want a problem with %s", name, err, tc.field)
		}
	}
	c.Status = Handled
	if _, _, err := c.NoticeDelay(received.AddDate(0, 0, 30), "x", 5, received.AddDate(0, 0, 12)); fault.CodeOf(
		err,
	) != fault.Conflict {
		t.Errorf("notice on a handled complaint: %v", err)
	}
}

func TestNewAttachment(t *testing.T) {
	pdf := []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	for _, tc := range []struct {
		name, file string
		data       []byte
		ok         bool
		ct, saved  string
	}{
		{"pdf", "brief.pdf", pdf, true, "application/pdf", "brief.pdf"},
		{"png named pdf", "scan.pdf", png, true, "image/png", "scan.png"},
		{"html named jpg", "foto.jpg", []byte("<html><script>alert(1)</script>"), false, "", ""},
		{"exe", "setup.exe", []byte("MZ\x90\x00\x03\x00\x00\x00"), false, "", ""},
		{"path and controls", "../../etc/\x00pass\nwd.txt", []byte("hello"), true, "text/plain", "passwd.txt"},
		{"empty", "leeg.pdf", nil, false, "", ""},
		{"too big", "groot.pdf", append(pdf, make([]byte, MaxAttachmentSize)...), false, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := NewAttachment("attachments", tc.file, tc.data, http.DetectContentType(tc.data), "form", now)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if tc.ok && (a.ContentType != tc.ct || a.Filename != tc.saved || len(a.SHA256) != 64) {
				t.Errorf("got %s %q", a.ContentType, a.Filename)
			}
		})
	}
}
