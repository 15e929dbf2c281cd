package complaint

import (
	"slices"
	"testing"

	"github.com/klacht/klacht/internal/fault"
)

func TestAnswerBy(t *testing.T) {
	for _, c := range []struct {
		name   string
		way    string
		change func(*Complainant)
		fields []string // fields with an error; none means valid
	}{
		{"not asked", "", nil, nil},
		{"e-mail with an address", ToldByEmail, nil, nil},
		{"e-mail without", ToldByEmail, func(p *Complainant) { p.Email = "" }, []string{"complainant.email"}},
		{"e-mail, address invalid: one error", ToldByEmail, func(p *Complainant) { p.Email = "nee" }, []string{"complainant.email"}},
		{"phone without a number", ToldByPhone, nil, []string{"complainant.phone"}},
		{"phone with a number", ToldByPhone, func(p *Complainant) { p.Phone = "020-1234567" }, nil},
		{"letter without an address", ToldByLetter, nil, []string{"complainant.address", "complainant.city"}},
		{"letter with an address", ToldByLetter, func(p *Complainant) { p.Address, p.City = "Damrak 1", "Amsterdam" }, nil},
		{"unknown way", "pigeon", nil, []string{"answer_by"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := good()
			d.AnswerBy = c.way
			if c.change != nil {
				c.change(&d.Complainant)
			}
			out, err := d.Normalize(vocab{}, now)
			var got []string
			if e, ok := fault.As(err); ok {
				for _, f := range e.Fields {
					got = append(got, f.Field)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			if !slices.Equal(got, c.fields) {
				t.Errorf("fields with errors %q, want %q", got, c.fields)
			}
			if err == nil && out.AnswerBy != c.way {
				t.Errorf("answer by %q, want %q", out.AnswerBy, c.way)
			}
		})
	}
}

func TestAnswerChannel(t *testing.T) {
	full := Complainant{
		Name:     "Jan",
		Address:  "Damrak 1",
		Postcode: "1012 LG",
		City:     "Amsterdam",
		Email:    "jan@example.nl",
		Phone:    "0201234567",
	}
	hidden := Complaint{Complainant: full}
	hidden.HideContact()
	for _, c := range []struct {
		name string
		c    Complaint
		want string
	}{
		{"their wish first", Complaint{AnswerBy: ToldByPhone, Complainant: full}, ToldByPhone},
		{"else e-mail", Complaint{Complainant: full}, ToldByEmail},
		{"else a letter", Complaint{Complainant: Complainant{Name: "Jan", Address: "Damrak 1", Postcode: "1012 LG", City: "Amsterdam", Phone: "0201234567"}}, ToldByLetter},
		{"else the phone", Complaint{Complainant: Complainant{Name: "Jan", Phone: "0201234567"}}, ToldByPhone},
		{"no way", Complaint{Complainant: Complainant{Name: "Jan"}}, ""},
		{"hidden from the reader, same answer", hidden, ToldByEmail},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.c.AnswerChannel(); got != c.want {
				t.Errorf("AnswerChannel = %q, want %q", got, c.want)
			}
		})
	}
}
