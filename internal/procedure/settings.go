package procedure

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// The profile's scalar settings as they are stored: one codec, so the
// store, the administrators' page and the API write and read them alike.
// A setting missing from storage (added after an organisation was set up)
// takes the default profile's value.

// setting is one stored setting: its key and how it is read and written.
type setting struct {
	key string
	get func(p *Profile) string
	set func(p *Profile, v string) error
}

func intSetting(key string, field func(p *Profile) *int) setting {
	return setting{key,
		func(p *Profile) string { return strconv.Itoa(*field(p)) },
		func(p *Profile, v string) error {
			n, err := strconv.Atoi(v)
			*field(p) = n
			return err
		}}
}

func textSetting(key string, field func(p *Profile) *string) setting {
	return setting{key,
		func(p *Profile) string { return *field(p) },
		func(p *Profile, v string) error { *field(p) = v; return nil }}
}

func boolSetting(key string, field func(p *Profile) *bool) setting {
	return setting{key,
		func(p *Profile) string { return strconv.FormatBool(*field(p)) },
		func(p *Profile, v string) error { *field(p) = v == "true"; return nil }}
}

func listSetting(key string, field func(p *Profile) *[]string) setting {
	return setting{key,
		func(p *Profile) string { return strings.Join(*field(p), ",") },
		func(p *Profile, v string) error {
			var out []string
			for _, r := range strings.Split(v, ",") {
				if r = strings.TrimSpace(r); r != "" {
					out = append(out, r)
				}
			}
			*field(p) = out
			return nil
		}}
}

var settings = []setting{
	textSetting("organisation", func(p *Profile) *string { return &p.Organisation }),
	textSetting("reference_prefix", func(p *Profile) *string { return &p.ReferencePrefix }),
	intSetting("handling_days", func(p *Profile) *int { return &p.HandlingDays }),
	intSetting("reminder_days", func(p *Profile) *int { return &p.ReminderDays }),
	intSetting("appeal_days", func(p *Profile) *int { return &p.AppealDays }),
	intSetting("appeal_reminder_days", func(p *Profile) *int { return &p.AppealReminderDays }),
	intSetting("max_call_attempts", func(p *Profile) *int { return &p.MaxCallAttempts }),
	intSetting("retention_months", func(p *Profile) *int { return &p.RetentionMonths }),
	intSetting("small_counts", func(p *Profile) *int { return &p.SmallCounts }),
	boolSetting("two_factor", func(p *Profile) *bool { return &p.TwoFactor }),
	boolSetting("term_pause", func(p *Profile) *bool { return &p.TermPause }),
	textSetting("handling_unit", func(p *Profile) *string { return (*string)(&p.HandlingUnit) }),
	textSetting("appeal_unit", func(p *Profile) *string { return (*string)(&p.AppealUnit) }),
	textSetting("holidays", func(p *Profile) *string { return &p.Holidays }),
	listSetting("closing_days", func(p *Profile) *[]string { return &p.ClosingDays }),
	boolSetting("end_on_working_day", func(p *Profile) *bool { return &p.EndOnWorkingDay }),
	boolSetting("decisions", func(p *Profile) *bool { return &p.Decisions }),
	boolSetting("hearing", func(p *Profile) *bool { return &p.Hearing }),
	textSetting("approval", func(p *Profile) *string { return &p.Approval }),
	listSetting("approval_categories", func(p *Profile) *[]string { return &p.ApprovalCategories }),
	boolSetting("require_authorisation", func(p *Profile) *bool { return &p.RequireAuthorisation }),
	intSetting("extension_days", func(p *Profile) *int { return &p.ExtensionDays }),
	boolSetting("tell_per_part", func(p *Profile) *bool { return &p.TellPerPart }),
	boolSetting("measure_notice", func(p *Profile) *bool { return &p.MeasureNotice }),
	listSetting("report_roles_weekly", func(p *Profile) *[]string { return &p.WeeklyRoles }),
	listSetting("report_roles_quarter", func(p *Profile) *[]string { return &p.QuarterlyRoles }),
	textSetting("default_department", func(p *Profile) *string { return &p.DefaultDepartment }),
	textSetting("owner_department", func(p *Profile) *string { return &p.OwnerDepartment }),
	textSetting("default_language", func(p *Profile) *string { return &p.DefaultLanguage }),
	textSetting("time_zone", func(p *Profile) *string { return &p.TimeZone }),
}

// TermKeys are the settings an administrator changes on the terms form.
var TermKeys = []string{"handling_days", "reminder_days", "appeal_days", "appeal_reminder_days", "max_call_attempts",
	"retention_months", "small_counts", "two_factor", "term_pause", "report_roles_weekly", "report_roles_quarter",
	"handling_unit", "appeal_unit", "holidays", "closing_days", "end_on_working_day", "decisions", "hearing",
	"approval", "approval_categories", "require_authorisation", "extension_days", "tell_per_part", "measure_notice"}

// Settings writes the profile's scalar settings as stored.
func (p Profile) Settings() map[string]string {
	out := make(map[string]string, len(settings))
	for _, s := range settings {
		out[s.key] = s.get(&p)
	}
	return out
}

// ApplySettings reads stored settings into p; a setting not stored keeps
// the default profile's value, the reminder four days before the term.
func (p *Profile) ApplySettings(stored map[string]string) error {
	d := Default()
	for _, s := range settings {
		v, ok := stored[s.key]
		if !ok {
			if s.key == "reminder_days" {
				continue // follows the handling term below
			}
			v = s.get(&d)
		}
		if err := s.set(p, v); err != nil {
			return fmt.Errorf("setting %s: %w", s.key, err)
		}
	}
	if _, ok := stored["reminder_days"]; !ok {
		p.ReminderDays = p.HandlingDays - 4
	}
	return nil
}

// ValidateTerms checks the day counts and choices an administrator sets,
// naming each field at fault: the handling term and the board's term in
// calendar days (P5.4, P8.2), their reminders before their ends, the call
// attempts of P6.2, the retention, the small-count bound and the roles
// that get the scheduled reports.
func (p Profile) ValidateTerms() error {
	var errs fault.Validation
	if p.HandlingDays < 1 || p.HandlingDays > 365 {
		errs.Add("handling_days", "err.days", 1, 365)
	}
	if p.ReminderDays < 0 || (p.ReminderDays >= p.HandlingDays && !errs.Has("handling_days")) {
		errs.Add("reminder_days", "err.reminder_days")
	}
	if p.AppealDays < 1 || p.AppealDays > 365 {
		errs.Add("appeal_days", "err.days", 1, 365)
	}
	if p.AppealReminderDays < 0 || (p.AppealReminderDays >= p.AppealDays && !errs.Has("appeal_days")) {
		errs.Add("appeal_reminder_days", "err.reminder_days")
	}
	for _, f := range []struct {
		field string
		unit  complaint.Unit
	}{{"handling_unit", p.HandlingUnit}, {"appeal_unit", p.AppealUnit}} {
		if !f.unit.Valid() {
			errs.Add(f.field, "err.unknown_key", string(f.unit))
		}
	}
	if p.Holidays != complaint.NoHolidays && p.Holidays != complaint.DutchHolidays {
		errs.Add("holidays", "err.unknown_key", p.Holidays)
	}
	if _, err := complaint.ParseClosingDays(p.ClosingDays); err != nil {
		errs.Add("closing_days", "err.closing_days")
	} else if len(p.ClosingDays) > 366 {
		errs.Add("closing_days", "err.range", 0, 366)
	}
	switch p.Approval {
	case complaint.ApprovalOff, complaint.ApprovalAll, complaint.ApprovalFlagged:
	default:
		errs.Add("approval", "err.unknown_key", p.Approval)
	}
	for _, c := range p.ApprovalCategories {
		if !p.HasCategory(c) {
			errs.Add("approval_categories", "err.unknown_key", c)
		}
	}
	if p.ExtensionDays < 0 || p.ExtensionDays > 365 {
		errs.Add("extension_days", "err.range", 0, 365)
	}
	if p.MaxCallAttempts < 1 || p.MaxCallAttempts > 20 {
		errs.Add("max_call_attempts", "err.days", 1, 20)
	}
	if p.RetentionMonths < 0 || p.RetentionMonths > 240 {
		errs.Add("retention_months", "err.months", 0, 240)
	}
	if p.SmallCounts < 0 || p.SmallCounts > 100 {
		errs.Add("small_counts", "err.range", 0, 100)
	}
	for _, f := range []struct {
		field string
		roles []string
	}{{"report_roles_weekly", p.WeeklyRoles}, {"report_roles_quarter", p.QuarterlyRoles}} {
		for _, r := range f.roles {
			if !slices.ContainsFunc(p.Roles, func(it Item) bool { return it.Key == r }) {
				errs.Add(f.field, "err.unknown_key", r)
			}
		}
	}
	return errs.Err()
}
