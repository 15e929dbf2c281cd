package complaint

import (
	"fmt"
	"slices"
	"time"
)

// Unit is how a term is counted.
type Unit string

const (
	// Days are calendar days: the charity's procedure (P5.4, P8.2).
	Days Unit = "days"
	// WorkingDays skip weekends, public holidays and the organisation's
	// closing days; such a term ends at the end of its last working day.
	WorkingDays Unit = "working_days"
	// Weeks are seven calendar days each: the Awb's six weeks (9:11).
	Weeks Unit = "weeks"
)

// Units lists the units in display order.
var Units = []Unit{Days, WorkingDays, Weeks}

// Valid reports whether u is a known unit.
func (u Unit) Valid() bool { return slices.Contains(Units, u) }

// Term is a span counted on a calendar: 14 days, 10 working days, 6 weeks.
type Term struct {
	N    int
	Unit Unit
}

// Holidays names a set of public holidays a calendar knows.
const (
	NoHolidays    = ""
	DutchHolidays = "nl" // the Algemene termijnenwet's, art. 3
)

// Calendar is where terms are counted: the organisation's time zone, the
// public holidays it keeps and its own closing days. A zero Calendar counts
// calendar days in UTC, with weekends as the only days off.
type Calendar struct {
	Location *time.Location
	Holidays string // NoHolidays or DutchHolidays
	// Closed are the organisation's own closing days (between Christmas
	// and New Year, say), as dates "2006-01-02".
	Closed []string
	// EndOnWorkingDay: a term in days or weeks that ends on a day off ends
	// at the end of the next working day instead, as the Algemene
	// termijnenwet (art. 1) does for terms set by law.
	EndOnWorkingDay bool
}

func (cal Calendar) loc() *time.Location {
	if cal.Location == nil {
		return time.UTC
	}
	return cal.Location
}

// End is when a term that starts at from ends. Days and weeks keep the
// wall-clock time of from (a term across a daylight-saving change ends at
// the same hour); working days end at the end of the last working day.
func (cal Calendar) End(from time.Time, t Term) time.Time {
	loc := cal.loc()
	local := from.In(loc)
	switch t.Unit {
	case WorkingDays:
		day := local
		for n := 0; n < t.N; {
			day = day.AddDate(0, 0, 1)
			if cal.WorkingDay(day) {
				n++
			}
		}
		return endOfDay(day, loc)
	case Weeks:
		local = local.AddDate(0, 0, 7*t.N)
	default:
		local = local.AddDate(0, 0, t.N)
	}
	if cal.EndOnWorkingDay && !cal.WorkingDay(local) {
		for !cal.WorkingDay(local) {
			local = local.AddDate(0, 0, 1)
		}
		return endOfDay(local, loc)
	}
	return local.UTC()
}

// endOfDay is the last second of day's date in loc.
func endOfDay(day time.Time, loc *time.Location) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc).Add(-time.Second).UTC()
}

// StartedBy is the latest start for which a term t has ended at now, or a
// later time: every start at or before the true latest is at or before
// it. Storage selects candidates with it; End decides each one exactly.
// For days and weeks a term never ends before from plus its days, so
// going back that far is enough; working days are found by search.
func (cal Calendar) StartedBy(now time.Time, t Term) time.Time {
	loc := cal.loc()
	switch t.Unit {
	case WorkingDays:
		// Each working day is at least one calendar day, so the answer is
		// no later than now minus N days; End is monotonic in its start,
		// so a binary search to the second finds the latest start.
		hi := now.In(loc).AddDate(0, 0, -t.N)
		if !cal.End(hi, t).After(now) {
			return hi.UTC()
		}
		lo := hi
		for span := 7; cal.End(lo, t).After(now); span *= 2 {
			lo = hi.AddDate(0, 0, -span)
		}
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
			if cal.End(mid, t).After(now) {
				hi = mid
			} else {
				lo = mid
			}
		}
		return lo.UTC()
	case Weeks:
		return now.In(loc).AddDate(0, 0, -7*t.N).UTC()
	default:
		return now.In(loc).AddDate(0, 0, -t.N).UTC()
	}
}

// WorkingDay reports whether t's date in the calendar's zone is a working
// day: not a Saturday or Sunday, a public holiday or a closing day.
func (cal Calendar) WorkingDay(t time.Time) bool {
	t = t.In(cal.loc())
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	if cal.Holidays == DutchHolidays && DutchHoliday(t) != "" {
		return false
	}
	return !slices.Contains(cal.Closed, t.Format(time.DateOnly))
}

// DutchHoliday names the public holiday t's date is under the Algemene
// termijnenwet (art. 3), or "" when it is none: New Year's Day, Easter
// Monday, King's Day (the 26th when the 27th of April is a Sunday),
// Liberation Day, Ascension Day, Whit Monday and both Christmas days.
// Good Friday is not among them; an organisation closed then lists it
// among its closing days.
func DutchHoliday(t time.Time) string {
	y, m, d := t.Date()
	easter := Easter(y)
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	kings := time.Date(y, time.April, 27, 0, 0, 0, 0, time.UTC)
	if kings.Weekday() == time.Sunday {
		kings = kings.AddDate(0, 0, -1)
	}
	switch {
	case m == time.January && d == 1:
		return "new_year"
	case day.Equal(easter), day.Equal(easter.AddDate(0, 0, 1)):
		return "easter"
	case day.Equal(kings):
		return "kings_day"
	case m == time.May && d == 5:
		return "liberation_day"
	case day.Equal(easter.AddDate(0, 0, 39)):
		return "ascension_day"
	case day.Equal(easter.AddDate(0, 0, 49)), day.Equal(easter.AddDate(0, 0, 50)):
		return "whitsun"
	case m == time.December && (d == 25 || d == 26):
		return "christmas"
	}
	return ""
}

// Easter is Easter Sunday of year in the Gregorian calendar (the
// anonymous algorithm, as Meeus gives it), at midnight UTC.
func Easter(year int) time.Time {
	a, b, c := year%19, year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// ParseClosingDays checks closing days as an administrator types them
// ("2026-12-24, 2026-12-31"): dates, each once, sorted.
func ParseClosingDays(days []string) ([]string, error) {
	out := make([]string, 0, len(days))
	for _, d := range days {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return nil, fmt.Errorf("%q is no date (2006-01-02)", d)
		}
		out = append(out, t.Format(time.DateOnly))
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
