package cancellation

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
)

var now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func TestParseCSVReportsEveryBadRow(t *testing.T) {
	data, bad := SampleCSV(2000, 33, 7)
	rows, rep, err := ParseCSV(bytes.NewReader(data), procedure.Default(), DefaultMapping(), now, i18n.EN, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 2000 || rep.Good != 2000-len(bad) || len(rows) != rep.Good {
		t.Fatalf("rows %d good %d bad %d; want 2000 rows and %d bad", rep.Rows, rep.Good, len(rep.Errors), len(bad))
	}
	got := map[int]string{}
	for _, e := range rep.Errors {
		got[e.Row] = e.Field
		if e.Message == "" {
			t.Errorf("row %d: no reason given", e.Row)
		}
	}
	for line, field := range bad {
		if got[line] != field {
			t.Errorf("row %d: reported %q, want %q", line, got[line], field)
		}
	}
	if len(got) != len(bad) {
		t.Errorf("%d rows reported bad, want %d", len(got), len(bad))
	}
}

// TestParseCSVFromExcel: the file as Excel saves it on a
// Dutch Windows machine ("CSV (gescheiden door lijstscheidingsteken)"):
// Windows-1252, semicolons, CRLF; names keep their letters.
func TestParseCSVFromExcel(t *testing.T) {
	file := "Opzegnummer;Lidnr;Naam;Datum;Reden\r\nA1;123;Ren\xe9 Br\xfbl\xe9;02-03-2026;unknown\r\nA2;124;Zo\xeb \x80ngel;2026-03-03;unknown\r\n"
	m, err := ParseMapping("id=Opzegnummer,member_number=Lidnr,name=Naam,date=Datum,reason=Reden")
	if err != nil {
		t.Fatal(err)
	}
	rows, rep, err := ParseCSV(bytes.NewReader([]byte(file)), procedure.Default(), m, now, i18n.NL, nil)
	if err != nil || len(rows) != 2 || len(rep.Errors) != 0 {
		t.Fatalf("rows %+v rep %+v err %v", rows, rep, err)
	}
	if rows[0].C.Name != "René Brûlé" || rows[1].C.Name != "Zoë €ngel" {
		t.Errorf("names %q, %q", rows[0].C.Name, rows[1].C.Name)
	}
}

func TestParseCSVMappingAndSeparator(t *testing.T) {
	file := "Opzegnummer;Lidnr;Naam;Datum;Reden\nA1;123;Jan;02-03-2026;weggegaan\nA2;124;Els;2026-03-03;unknown\nA3;125;Kim;2026-03-03;Verhuisd\nA4;126;Bo;2026-03-03;Moved\n"
	m, err := ParseMapping("id=Opzegnummer,member_number=Lidnr,name=Naam,date=Datum,reason=Reden")
	if err != nil {
		t.Fatal(err)
	}
	rows, rep, err := ParseCSV(bytes.NewReader([]byte(file)), procedure.Default(), m, now, i18n.NL, nil)
	if err != nil || rep.Rows != 4 || len(rows) != 3 || rep.Errors[0].Row != 2 || rep.Errors[0].Field != "reason" ||
		!strings.Contains(rep.Errors[0].Message, "verhuisd, financieel") {
		t.Fatalf("rows %+v rep %+v err %v", rows, rep, err)
	}
	// The reasons' labels in either language are read as their keys.
	if rows[1].C.Reason != "moved" || rows[2].C.Reason != "moved" {
		t.Errorf("reasons %q, %q; want moved", rows[1].C.Reason, rows[2].C.Reason)
	}
	if rows[0].C.Status != ToCall || rows[0].C.ReasonClear {
		t.Errorf("unknown reason should go on the call list: %+v", rows[0].C)
	}
	if _, _, err := ParseCSV(bytes.NewReader([]byte("a,b\n1,2\n")), procedure.Default(), DefaultMapping(), now, i18n.EN, nil); fault.CodeOf(
		err,
	) != fault.Invalid {
		t.Errorf("missing columns: %v", err)
	}
	if _, err := ParseMapping("colour=Kleur"); err == nil {
		t.Error("unknown field in mapping accepted")
	}
}

func TestCallList(t *testing.T) {
	c, err := Cancellation{SourceID: "1", MemberNumber: "9", CancelledOn: now, Reason: "unknown"}.Normalize(procedure.Default(), now)
	if err != nil || c.Status != ToCall {
		t.Fatalf("%+v %v", c, err)
	}
	for i := 1; i <= 3; i++ {
		if c, err = c.RecordCall(Call{Result: CallNotReached}, 3, now); err != nil {
			t.Fatal(err)
		}
	}
	if c.Status != NotReached || c.Attempts != 3 {
		t.Errorf("after three failed calls: %s %d", c.Status, c.Attempts)
	}
	if _, err := c.RecordCall(Call{Result: CallReached}, 3, now); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("call after closing: %v", err)
	}
	d, _ := Cancellation{SourceID: "2", MemberNumber: "9", CancelledOn: now, Reason: "unknown"}.Normalize(procedure.Default(), now)
	if _, err := d.RecordCall(Call{Result: CallBack}, 3, now); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("call back without a time: %v", err)
	}
	d, _ = d.RecordCall(Call{Result: CallReached}, 3, now)
	if _, err := d.Conclude(procedure.Default(), "financial", "", "", "yes", now); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("accepted without an offer: %v", err)
	}
	d, err = d.Conclude(procedure.Default(), "disagrees_campaign", "Boos over campagne", "petitions", "yes", now)
	if err != nil || d.RecordedReason != "disagrees_campaign" || d.OfferAccepted != "yes" {
		t.Errorf("conclude: %+v %v", d, err)
	}
}

// TestProfileLists: the reasons and offers are the profile's, not klacht's:
// an organisation's own reason is taken, one it does not have is refused,
// and an export may name a reason by its label in either language.
func TestProfileLists(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p := procedure.Default()
	p.CancellationReasons = []procedure.Item{
		{Key: "emigrated", Label: i18n.Label{NL: "Geëmigreerd", EN: "Emigrated"}},
		{Key: ReasonUnknown, Label: i18n.Label{NL: "Onbekend", EN: "Unknown"}},
		{Key: ReasonOther, Label: i18n.Label{NL: "Anders", EN: "Other"}},
	}
	p.CancellationOffers = []procedure.Item{{Key: "magazine", Label: i18n.Label{NL: "Blad", EN: "Magazine"}}}
	base := Cancellation{SourceID: "1", MemberNumber: "9", CancelledOn: now}
	for _, c := range []struct {
		name, reason, offer string
		ok                  bool
	}{
		{"the profile's own reason", "emigrated", "magazine", true},
		{"no reason is unknown", "", "", true},
		{"a built-in reason the profile dropped", "moved", "", false},
		{"an offer the profile does not make", "emigrated", "petitions", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := base
			x.Reason = c.reason
			x, err := x.Normalize(p, now)
			if err == nil {
				x.Status = Reached
				_, err = x.Conclude(p, x.Reason, "", c.offer, "", now)
			}
			if (err == nil) != c.ok {
				t.Errorf("err = %v, want ok %v", err, c.ok)
			}
		})
	}
	for v, want := range map[string]string{"Geëmigreerd": "emigrated", "EMIGRATED": "emigrated", "moved": ""} {
		if got, _ := ReasonKey(p, v); got != want {
			t.Errorf("ReasonKey(%q) = %q, want %q", v, got, want)
		}
	}
	if got := ReasonLabels(p, i18n.NL); got != "geëmigreerd, onbekend, anders" {
		t.Errorf("labels = %q", got)
	}
}
