package procedure

import (
	"testing"

	"github.com/klacht/klacht/internal/complaint"
)

// TestShippedProfiles: every shipped profile reads, applies over the
// default one as an administrator's edit would be checked, and says what
// it is in both languages.
func TestShippedProfiles(t *testing.T) {
	all, err := ShippedProfiles()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range all {
		names[s.Name] = true
		p, err := s.Profile(Default())
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
			continue
		}
		if s.Title.NL == "" || s.Title.EN == "" || s.About.NL == "" || s.About.EN == "" {
			t.Errorf("%s: title or description missing in a language", s.Name)
		}
		if len(p.Outcomes) == 0 || !p.Decisions {
			t.Errorf("%s: no outcomes, or decisions off", s.Name)
		}
		for kind, langs := range s.Templates {
			if langs["nl"].Body == "" || langs["en"].Body == "" {
				t.Errorf("%s: message %s not in both languages", s.Name, kind)
			}
		}
	}
	for _, want := range []string{"awb9", "wkkgz", "iso10002"} {
		if !names[want] {
			t.Errorf("profile %s does not ship", want)
		}
	}
	awb, _, _ := ShippedProfile("awb9")
	p, _ := awb.Profile(Default())
	if p.HandlingTerm() != (complaint.Term{N: 6, Unit: complaint.Weeks}) || p.ExtensionDays != 4 || !p.Hearing ||
		p.Holidays != complaint.DutchHolidays || !p.EndOnWorkingDay {
		t.Errorf("awb9: %+v", p.HandlingTerm())
	}
}
