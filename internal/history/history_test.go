package history

import (
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
)

// TestParseRows: one row each way the old register may write a complaint,
// and each way it can be wrong.
func TestParseRows(t *testing.T) {
	p := procedure.Default()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	header := "id;reference;received_at;channel;category;description;name;status;handled_at;closed_at;satisfied\n"
	for _, c := range []struct {
		name, row string
		field     string // "" for a good row
		check     func(t *testing.T, c complaint.Complaint)
	}{
		{"labels in Dutch, no status: finished", "1;;12-03-2019;Telefoon;Straatwerving;Opdringerig.;Ans;;;;", "",
			func(t *testing.T, c complaint.Complaint) {
				if c.Category != "street_recruitment" || c.Channel != "phone" || c.Status != complaint.Closed || c.ClosedAt.IsZero() {
					t.Errorf("%+v", c)
				}
			}},
		{"keys and English, handled with its date", "2;K-2019-00017;2019-05-01 10:30;email;Financial;Dubbel afgeschreven.;Bert;Handled;2019-05-08;;yes", "",
			func(t *testing.T, c complaint.Complaint) {
				if c.Reference != "K-2019-00017" || c.Status != complaint.Handled || c.HandledAt.In(p.Location()).Day() != 8 ||
					!c.ClosedAt.IsZero() || c.Satisfied != "yes" || c.CreatedAt != c.ReceivedAt {
					t.Errorf("%+v", c)
				}
			}},
		{"open, no name recorded", "3;;2026-02-27;post;privacy;Gegevens gelekt?;;in_progress;;;", "",
			func(t *testing.T, c complaint.Complaint) {
				if c.Status != complaint.InProgress || !c.HandledAt.IsZero() || c.Complainant.Name == "" {
					t.Errorf("%+v", c)
				}
			}},
		{"no id", ";;2019-01-01;phone;telemarketing;x;A;;;;", "id", nil},
		{"not a date", "5;;31-02-2019;phone;telemarketing;x;A;;;;", "received_at", nil},
		{"unknown category", "6;;2019-01-01;phone;Buitenaards;x;A;;;;", "category", nil},
		{"unknown channel", "7;;2019-01-01;fax;telemarketing;x;A;;;;", "channel", nil},
		{"unknown status", "8;;2019-01-01;phone;telemarketing;x;A;lost;;;", "status", nil},
		{"handled before received", "9;;2019-05-01;phone;telemarketing;x;A;handled;2019-04-01;;", "handled_at", nil},
		{"a reference klacht cannot keep", "10;2019/17;2019-05-01;phone;telemarketing;x;A;;;;", "reference", nil},
		{"no description", "11;;2019-05-01;phone;telemarketing;;A;;;;", "description", nil},
		{"received in the future", "12;;2027-01-01;phone;telemarketing;x;A;;;;", "received_at", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, rep, err := Parse(strings.NewReader(header+c.row+"\n"), p, DefaultMapping(), now, i18n.EN, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.field == "" {
				if len(rows) != 1 || len(rep.Errors) != 0 {
					t.Fatalf("refused: %+v", rep.Errors)
				}
				c.check(t, rows[0].C)
				return
			}
			if len(rows) != 0 || len(rep.Errors) == 0 || rep.Errors[0].Field != c.field {
				t.Errorf("want a refusal of %s, got rows %d, errors %+v", c.field, len(rows), rep.Errors)
			}
		})
	}
	// The same id twice, the same reference twice: the second refused.
	rows, rep, err := Parse(strings.NewReader(header+"1;K-2019-00001;2019-01-01;phone;telemarketing;x;A;;;;\n"+
		"1;;2019-01-02;phone;telemarketing;y;B;;;;\n2;K-2019-00001;2019-01-03;phone;telemarketing;z;C;;;;\n"),
		p, DefaultMapping(), now, i18n.EN, nil)
	if err != nil || len(rows) != 1 || len(rep.Errors) != 2 {
		t.Errorf("duplicates: %d rows, %+v, %v", len(rows), rep.Errors, err)
	}
	if _, _, err := Parse(strings.NewReader("id;description\n1;x\n"), p, DefaultMapping(), now, i18n.EN, nil); err == nil {
		t.Error("a file without received_at and category")
	}
	if _, err := ParseMapping("received_at=Datum,colour=Kleur"); err == nil {
		t.Error("a mapping of a field there is not")
	}
}
