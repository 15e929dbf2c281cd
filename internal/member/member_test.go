package member

import "testing"

func TestE164(t *testing.T) {
	for in, want := range map[string]string{
		"020-1234567":       "+31201234567",
		"020 123 45 67":     "+31201234567",
		"(020) 123.45.67":   "+31201234567",
		"06-12345678":       "+31612345678",
		"+31 6 12345678":    "+31612345678",
		"0031612345678":     "+31612345678",
		"+32 2 123 45 67":   "+3221234567",
		"0049 30 1234567":   "+49301234567",
		"+31 (0)20 1234567": "+31201234567",
		"12345678":          "",
		"":                  "",
		"bel me niet":       "",
		"0800-FLOWERS":      "",
		"+":                 "",
		"06-123":            "",
		"1+2":               "",
	} {
		if got := E164(in, "31"); got != want {
			t.Errorf("E164(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRecordSet(t *testing.T) {
	var r Record
	for k, v := range map[string]string{"member_number": " 123 ", "name": "Jan  Jansen", "postcode": "1012 lg",
		"email": "Jan@Example.NL", "city": "Amsterdam"} {
		if !r.Set(k, v) {
			t.Errorf("%s refused", k)
		}
	}
	if r.MemberNumber != "123" || r.Name != "Jan Jansen" || r.Postcode != "1012 LG" || r.Email != "jan@example.nl" {
		t.Errorf("record %+v", r)
	}
	if r.Set("iban", "NL00") {
		t.Error("a field records do not have")
	}
}
