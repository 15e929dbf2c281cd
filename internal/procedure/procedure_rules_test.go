package procedure

import (
	"maps"
	"slices"
	"testing"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
)

func TestElsewhereNormalize(t *testing.T) {
	good := Elsewhere{Item: Item{Key: " adres ", Label: i18n.Label{NL: "Adres wijzigen", EN: "Changing your address"}},
		URL: i18n.Label{NL: "https://example.org/adres"}}
	for _, c := range []struct {
		name   string
		change func(*Elsewhere)
		fields []string
	}{
		{"good", nil, nil},
		{"no link", func(e *Elsewhere) { e.URL.NL = "" }, nil},
		{"bad key", func(e *Elsewhere) { e.Key = "Adres wijzigen" }, []string{"e_key"}},
		{"no English label", func(e *Elsewhere) { e.Label.EN = " " }, []string{"e_label_en"}},
		{"a script link", func(e *Elsewhere) { e.URL.EN = "javascript:alert(1)" }, []string{"e_url_en"}},
		{"a relative link", func(e *Elsewhere) { e.URL.NL = "/contact" }, []string{"e_url_nl"}},
		{"text too long", func(e *Elsewhere) { e.Text.NL = string(make([]rune, 501)) }, []string{"e_text_nl"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := good
			if c.change != nil {
				c.change(&e)
			}
			out, err := e.Normalize("e_")
			var got []string
			if fe, ok := fault.As(err); ok {
				for _, f := range fe.Fields {
					got = append(got, f.Field)
				}
			}
			if !slices.Equal(got, c.fields) {
				t.Errorf("fields %q, want %q (%v)", got, c.fields, err)
			}
			if err == nil && out.Key != "adres" {
				t.Errorf("key %q not trimmed", out.Key)
			}
		})
	}
}

// TestCategoryMeaning: what a category means to the procedure is read off
// the category, whatever its key.
func TestCategoryMeaning(t *testing.T) {
	p := Default()
	for _, c := range []struct {
		name string
		got  any
		want any
	}{
		{"do-not-call", p.OffersDoNotCall("telemarketing"), true},
		{"no do-not-call", p.OffersDoNotCall("privacy"), false},
		{"unknown category", p.OffersDoNotCall("nope"), false},
		{"unclassified", p.Unclassified(), "other"},
		{"is unclassified", p.IsUnclassified("other"), true},
		{"contact kind", p.ContactKind("street_recruitment"), "street_conversations"},
		{"no contact kind", p.ContactKind("privacy"), ""},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	// A profile of other words: "Overig" is called "Anders", and a
	// profile that marks none still has a place for unclassified mail.
	q := Default()
	q.Categories = []Category{{Item: Item{Key: "service"}}, {Item: Item{Key: "anders"}}}
	if got := q.Unclassified(); got != "anders" {
		t.Errorf("unclassified without a mark = %q, want the last category", got)
	}
	q.Categories[0].Unclassified = true
	if got := q.Unclassified(); got != "service" {
		t.Errorf("unclassified = %q, want the marked one", got)
	}
	q.Categories[1].CampaignHead = true
	q.Campaigns = []Campaign{{Item: Item{Key: "klimaat"}, HeadUserID: 7}}
	if _, who := q.Route("anders", "klimaat"); who != 7 {
		t.Errorf("a campaign-head category routes to %d, want the head", who)
	}
}

func TestWatchSteps(t *testing.T) {
	for _, c := range []struct {
		name             string
		handling, remind int
		term, appealRem  int
		wantTerm         []complaint.TermStep
		wantAppeal       []complaint.AppealStep
	}{
		{"the procedure's", 14, 10, 30, 7,
			[]complaint.TermStep{{Kind: complaint.StepReminder, Day: 10, Unit: complaint.Days}, {Kind: complaint.StepEscalation, Day: 14, Unit: complaint.Days}},
			[]complaint.AppealStep{{Kind: complaint.AppealStepReminder, DaysBefore: 7, Unit: complaint.Days}, {Kind: complaint.AppealStepOverdue}}},
		{"no reminders", 14, 0, 30, 0,
			[]complaint.TermStep{{Kind: complaint.StepEscalation, Day: 14, Unit: complaint.Days}},
			[]complaint.AppealStep{{Kind: complaint.AppealStepOverdue}}},
		{"a reminder past the term is none", 14, 14, 30, 30,
			[]complaint.TermStep{{Kind: complaint.StepEscalation, Day: 14, Unit: complaint.Days}},
			[]complaint.AppealStep{{Kind: complaint.AppealStepOverdue}}},
		{"in working days", 10, 7, 20, 5,
			[]complaint.TermStep{{Kind: complaint.StepReminder, Day: 7, Unit: complaint.WorkingDays},
				{Kind: complaint.StepEscalation, Day: 10, Unit: complaint.WorkingDays}},
			[]complaint.AppealStep{{Kind: complaint.AppealStepReminder, DaysBefore: 5, Unit: complaint.WorkingDays},
				{Kind: complaint.AppealStepOverdue}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := Default()
			if c.name == "in working days" {
				p.HandlingUnit, p.AppealUnit = complaint.WorkingDays, complaint.WorkingDays
			}
			p.HandlingDays, p.ReminderDays, p.AppealDays, p.AppealReminderDays = c.handling, c.remind, c.term, c.appealRem
			if got := p.TermSteps(); !slices.Equal(got, c.wantTerm) {
				t.Errorf("TermSteps = %v, want %v", got, c.wantTerm)
			}
			if got := p.AppealSteps(); !slices.Equal(got, c.wantAppeal) {
				t.Errorf("AppealSteps = %v, want %v", got, c.wantAppeal)
			}
		})
	}
}

func TestSettingsCodec(t *testing.T) {
	d := Default()
	var p Profile
	if err := p.ApplySettings(d.Settings()); err != nil {
		t.Fatal(err)
	}
	if got, want := p.Settings(), d.Settings(); !maps.Equal(got, want) {
		t.Errorf("round trip:\n got %v\nwant %v", got, want)
	}
	// Settings added after an organisation was set up take their defaults;
	// the reminder follows the handling term.
	var q Profile
	if err := q.ApplySettings(map[string]string{"handling_days": "21", "organisation": "Vereniging"}); err != nil {
		t.Fatal(err)
	}
	if q.HandlingDays != 21 || q.ReminderDays != 17 || q.AppealDays != d.AppealDays || q.Organisation != "Vereniging" ||
		!q.TermPause {
		t.Errorf("defaults not taken: %+v", q)
	}
	if err := q.ApplySettings(map[string]string{"handling_days": "veertien"}); err == nil {
		t.Error("a setting that is no number was read")
	}
}

func TestValidateTerms(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(p *Profile)
		fields []string
	}{
		{"the procedure's", func(p *Profile) {}, nil},
		{"no handling term", func(p *Profile) { p.HandlingDays = 0 }, []string{"handling_days"}},
		{"reminder at the term", func(p *Profile) { p.ReminderDays = p.HandlingDays }, []string{"reminder_days"}},
		{"board's term too long", func(p *Profile) { p.AppealDays = 400 }, []string{"appeal_days"}},
		{"appeal reminder after the term", func(p *Profile) { p.AppealReminderDays = 31 }, []string{"appeal_reminder_days"}},
		{"no calls", func(p *Profile) { p.MaxCallAttempts = 0 }, []string{"max_call_attempts"}},
		{"retention forever", func(p *Profile) { p.RetentionMonths = 1000 }, []string{"retention_months"}},
		{"unknown role", func(p *Profile) { p.WeeklyRoles = []string{"coordinator", "janitor"} }, []string{"report_roles_weekly"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := Default()
			c.change(&p)
			var got []string
			if e, ok := fault.As(p.ValidateTerms()); ok {
				for _, f := range e.Fields {
					got = append(got, f.Field)
				}
			}
			if !slices.Equal(got, c.fields) {
				t.Errorf("fields %v, want %v", got, c.fields)
			}
		})
	}
}
