package complaint

import (
	"testing"
	"time"
)

func TestEaster(t *testing.T) {
	for year, want := range map[int]string{
		2000: "2000-04-23", 2019: "2019-04-21", 2024: "2024-03-31", 2025: "2025-04-20",
		2026: "2026-04-05", 2027: "2027-03-28", 2038: "2038-04-25",
	} {
		if got := Easter(year).Format(time.DateOnly); got != want {
			t.Errorf("Easter(%d) = %s, want %s", year, got, want)
		}
	}
}

func TestDutchHoliday(t *testing.T) {
	for day, want := range map[string]string{
		"2026-01-01": "new_year",
		"2026-04-03": "", // Good Friday: not under the Algemene termijnenwet
		"2026-04-05": "easter",
		"2026-04-06": "easter",
		"2026-04-27": "kings_day",
		"2025-04-26": "kings_day", // the 27th was a Sunday
		"2025-04-27": "",
		"2026-05-05": "liberation_day",
		"2026-05-14": "ascension_day",
		"2026-05-25": "whitsun",
		"2026-12-25": "christmas",
		"2026-12-26": "christmas",
		"2026-12-27": "",
		"2026-12-31": "",
		"2026-03-02": "",
	} {
		d, _ := time.Parse(time.DateOnly, day)
		if got := DutchHoliday(d); got != want {
			t.Errorf("DutchHoliday(%s) = %q, want %q", day, got, want)
		}
	}
}

func TestCalendarEnd(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04:05", s, ams)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	nl := Calendar{Location: ams, Holidays: DutchHolidays}
	closed := nl
	closed.Closed = []string{"2026-04-03", "2026-12-24", "2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31"}
	law := nl
	law.EndOnWorkingDay = true
	for _, c := range []struct {
		name string
		cal  Calendar
		from string
		term Term
		want string
	}{
		{"calendar days, as the charity counts", Calendar{Location: ams}, "2026-03-20 09:30:00",
			Term{14, Days}, "2026-04-03 09:30:00"},
		{"calendar days keep the hour across summer time", nl, "2026-03-20 09:30:00",
			Term{14, Days}, "2026-04-03 09:30:00"},
		{"working days across Easter: Good Friday counts, Easter Monday does not", nl, "2026-04-02 10:00:00",
			Term{5, WorkingDays}, "2026-04-10 23:59:59"},
		{"a closing day on Good Friday", closed, "2026-04-02 10:00:00",
			Term{5, WorkingDays}, "2026-04-13 23:59:59"},
		{"working days across King's Day", nl, "2026-04-24 16:00:00",
			Term{2, WorkingDays}, "2026-04-29 23:59:59"},
		{"King's Day on the 26th when the 27th is a Sunday", nl, "2025-04-25 16:00:00",
			Term{1, WorkingDays}, "2025-04-28 23:59:59"},
		{"working days across Ascension Day and Whit Monday", nl, "2026-05-13 08:00:00",
			Term{10, WorkingDays}, "2026-05-29 23:59:59"},
		{"working days across Christmas", nl, "2026-12-23 12:00:00",
			Term{3, WorkingDays}, "2026-12-29 23:59:59"},
		{"across the year's end with the office closed", closed, "2026-12-23 12:00:00",
			Term{3, WorkingDays}, "2027-01-06 23:59:59"},
		{"received on a Saturday: the count starts Monday", nl, "2026-03-07 11:00:00",
			Term{1, WorkingDays}, "2026-03-09 23:59:59"},
		{"without public holidays Easter Monday is a working day", Calendar{Location: ams}, "2026-04-02 10:00:00",
			Term{2, WorkingDays}, "2026-04-06 23:59:59"},
		{"six weeks", nl, "2026-11-16 10:00:00",
			Term{6, Weeks}, "2026-12-28 10:00:00"},
		{"six weeks ending on Christmas Day", nl, "2026-11-13 10:00:00",
			Term{6, Weeks}, "2026-12-25 10:00:00"},
		{"six weeks ending on Christmas Day move to the next working day", law, "2026-11-13 10:00:00",
			Term{6, Weeks}, "2026-12-28 23:59:59"},
		{"days ending on New Year's Day move past the weekend", law, "2026-12-18 10:00:00",
			Term{14, Days}, "2027-01-04 23:59:59"},
		{"a term ending on a working day stays", law, "2026-12-14 10:00:00",
			Term{14, Days}, "2026-12-28 10:00:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := c.cal.End(at(c.from), c.term)
			if want := at(c.want).UTC(); !got.Equal(want) {
				t.Errorf("End(%s, %v) = %s, want %s", c.from, c.term, got.In(ams), want.In(ams))
			}
		})
	}
}

// TestCalendarStartedBy: the bound storage selects with never leaves out
// a start whose term has ended, and for working days it is exact.
func TestCalendarStartedBy(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	cals := map[string]Calendar{
		"plain": {Location: ams},
		"nl":    {Location: ams, Holidays: DutchHolidays, Closed: []string{"2026-12-24", "2026-12-31"}},
		"law":   {Location: ams, Holidays: DutchHolidays, EndOnWorkingDay: true},
	}
	terms := []Term{{14, Days}, {10, WorkingDays}, {1, WorkingDays}, {6, Weeks}}
	for name, cal := range cals {
		for _, term := range terms {
			for now := time.Date(2026, 12, 20, 0, 0, 0, 0, ams); now.Before(time.Date(2027, 1, 12, 0, 0, 0, 0, ams)); now = now.Add(5 * time.Hour) {
				bound := cal.StartedBy(now, term)
				for from := now.AddDate(0, 0, -70); from.Before(now); from = from.Add(97 * time.Minute) {
					ended := !cal.End(from, term).After(now)
					if ended && from.After(bound) {
						t.Fatalf("%s %v: a term from %v has ended at %v, but the bound is %v", name, term, from, now, bound)
					}
					if term.Unit == WorkingDays && !ended && !from.After(bound) {
						t.Fatalf("%s %v: a term from %v runs at %v, inside the bound %v", name, term, from, now, bound)
					}
				}
			}
		}
	}
}

func TestParseClosingDays(t *testing.T) {
	got, err := ParseClosingDays([]string{"2026-12-31", "2026-12-24", "2026-12-31"})
	if err != nil || len(got) != 2 || got[0] != "2026-12-24" {
		t.Errorf("ParseClosingDays = %v, %v", got, err)
	}
	if _, err := ParseClosingDays([]string{"24-12-2026"}); err == nil {
		t.Error("a date in another format was taken")
	}
}
