// Package history brings the old register in: complaints
// kept before klacht, in a spreadsheet (CSV or XLSX), with a column
// mapping per source, checked row by row. Categories, channels, teams and
// statuses are read by key or by their label in either language, dates in
// the ways spreadsheets write them; a row keeps its historical reference
// when it has one. The evaluation and the yearly summary of past years
// then count the imported complaints as any other.
package history

import (
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/sheet"
)

// Fields are the columns an import reads, each by default from a column
// of its own name.
var Fields = []string{"id", "reference", "received_at", "channel", "category", "description", "member_number", "name",
	"address", "postcode", "city", "email", "phone", "language", "team", "status", "handled_at", "closed_at", "outcome",
	"satisfied"}

// required are the fields every row must have.
var required = []string{"id", "received_at", "category", "description"}

// Mapping names the column each field is read from.
type Mapping = map[string]string

// DefaultMapping reads each field from a column of its own name.
func DefaultMapping() Mapping { return sheet.DefaultMapping(Fields) }

// ParseMapping reads "field=Column,field=Column" over the default.
func ParseMapping(s string) (Mapping, error) { return sheet.ParseMapping(s, Fields) }

// Row is one good row: its line, its id in the source, and the complaint
// it becomes (Reference set when the row keeps its own).
type Row struct {
	Line     int
	SourceID string
	C        complaint.Complaint
}

// RowError is a refused row.
type RowError = sheet.RowError

// Report says what an import found and did.
type Report struct {
	Rows     int        `json:"rows"`
	Good     int        `json:"good"`
	Errors   []RowError `json:"errors"`
	Imported int        `json:"imported"`
	Existing int        `json:"existing"` // good rows imported before (the same source id)
	DryRun   bool       `json:"dry_run,omitempty"`
}

// maxRows bounds one file.
const maxRows = 500_000

var (
	layouts = []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02",
		"02-01-2006 15:04", "02-01-2006", "2-1-2006", "02/01/2006", "2/1/2006", "20060102"}
)

// parseTime reads a date or a date and time in loc.
func parseTime(v string, loc *time.Location) (time.Time, bool) {
	v = strings.TrimSpace(v)
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, v, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// item finds v among items by key or by its label in either language.
func item(items []procedure.Item, v string) (string, bool) {
	v = strings.TrimSpace(v)
	for _, it := range items {
		if strings.EqualFold(it.Key, v) || strings.EqualFold(it.Label.NL, v) || strings.EqualFold(it.Label.EN, v) {
			return it.Key, true
		}
	}
	return "", false
}

// status reads a status by key or by its name in either language.
func status(v string) (complaint.Status, bool) {
	v = strings.TrimSpace(v)
	for _, s := range complaint.Statuses {
		if strings.EqualFold(string(s), v) || strings.EqualFold(i18n.T(i18n.NL, "status."+string(s)), v) ||
			strings.EqualFold(i18n.T(i18n.EN, "status."+string(s)), v) {
			return s, true
		}
	}
	return "", false
}

// Parse reads an old register's file with mapping and the profile: the
// good rows, every bad row with its line and reason in lang. A file
// without the required columns is an error. now bounds the dates.
func Parse(r io.Reader, p procedure.Profile, m Mapping, now time.Time, lang i18n.Lang, progress func(int)) ([]Row, Report, error) {
	var rep Report
	recs, col, err := sheet.OpenTable(r)
	if err != nil {
		return nil, rep, err
	}
	idx := map[string]int{}
	var missing []string
	for _, f := range Fields {
		if i, ok := col[strings.ToLower(m[f])]; ok {
			idx[f] = i
		} else if slices.Contains(required, f) {
			missing = append(missing, m[f])
		}
	}
	if len(missing) > 0 {
		return nil, rep, fault.New(fault.Invalid, "err.csv.columns", strings.Join(missing, ", "))
	}
	loc, terms := p.Location(), p.Terms()
	categories := make([]procedure.Item, len(p.Categories))
	for i, c := range p.Categories {
		categories[i] = c.Item
	}
	var rows []Row
	seenID, seenRef := map[string]int{}, map[string]int{}
	for line := 2; ; line++ {
		rec, err := recs.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if line > maxRows+1 {
			return nil, rep, fault.New(fault.TooLarge, "err.csv.rows", maxRows)
		}
		rep.Rows++
		if progress != nil && rep.Rows%500 == 0 {
			progress(rep.Rows)
		}
		if err != nil {
			rep.Errors = append(rep.Errors, RowError{Row: line, Message: i18n.T(lang, "err.csv.row")})
			continue
		}
		get := func(f string) string {
			if i, ok := idx[f]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row, errs := parseRow(get, line, p, categories, loc, terms, now, lang)
		if len(errs) == 0 {
			if first := seenID[row.SourceID]; first > 0 {
				errs = append(errs, RowError{Row: line, Field: "id", Message: i18n.T(lang, "err.csv.duplicate", row.SourceID, first)})
			} else if ref := row.C.Reference; ref != "" && seenRef[ref] > 0 {
				errs = append(errs, RowError{Row: line, Field: "reference",
					Message: i18n.T(lang, "err.history.reference_twice", ref, seenRef[ref])})
			}
		}
		if len(errs) > 0 {
			rep.Errors = append(rep.Errors, errs...)
			continue
		}
		seenID[row.SourceID] = line
		if row.C.Reference != "" {
			seenRef[row.C.Reference] = line
		}
		rows = append(rows, row)
	}
	if rep.Rows == 0 {
		return nil, rep, fault.New(fault.Invalid, "err.csv.empty")
	}
	rep.Good = len(rows)
	if progress != nil {
		progress(rep.Rows)
	}
	return rows, rep, nil
}

// parseRow makes one row's complaint, or says what is wrong with it.
func parseRow(
	get func(string) string,
	line int,
	p procedure.Profile,
	categories []procedure.Item,
	loc *time.Location,
	terms complaint.Terms,
	now time.Time,
	lang i18n.Lang,
) (Row, []RowError) {
	var errs []RowError
	bad := func(field, key string, args ...any) {
		errs = append(errs, RowError{Row: line, Field: field, Message: i18n.T(lang, key, args...)})
	}
	row := Row{Line: line, SourceID: get("id")}
	if row.SourceID == "" || len(row.SourceID) > 100 {
		bad("id", "err.required")
	}
	received, ok := parseTime(get("received_at"), loc)
	if !ok {
		bad("received_at", "err.csv.date", get("received_at"))
	}
	d := complaint.Draft{Description: get("description"), ReceivedAt: received, Language: get("language"),
		Complainant: complaint.Complainant{MemberNumber: get("member_number"), Name: get("name"), Address: get("address"),
			Postcode: get("postcode"), City: get("city"), Email: get("email"), Phone: get("phone")}}
	if d.Complainant.Name == "" {
		d.Complainant.Name = i18n.T(lang, "history.unnamed") // the old register did not always write it down
	}
	if v := get("channel"); v == "" {
		d.Channel = complaint.ChannelPhone
	} else if d.Channel, ok = item(p.Channels, v); !ok {
		bad("channel", "err.unknown_key", v)
	}
	if v := get("category"); v != "" {
		if d.Category, ok = item(categories, v); !ok {
			bad("category", "err.unknown_key", v)
		}
	}
	if ref := strings.ToUpper(get("reference")); ref != "" && !complaint.LooksLikeReference(ref) {
		bad("reference", "err.history.reference", ref)
	}
	if len(errs) > 0 {
		return row, errs
	}
	c, err := complaint.New(d, p, terms, 0, now)
	if err != nil {
		if e, ok := fault.As(err); ok {
			for _, f := range e.Fields {
				bad(strings.TrimPrefix(f.Field, "complainant."), f.Key, f.Args...)
			}
			if len(e.Fields) == 0 {
				bad("", e.Key, e.Args...)
			}
		} else {
			bad("", "err.csv.row")
		}
		return row, errs
	}
	c.Reference = strings.ToUpper(get("reference"))
	c.CreatedAt = c.ReceivedAt // registered as received: numbered in the year received
	if v := get("team"); v != "" {
		if c.Team, ok = item(p.Departments, v); !ok {
			bad("team", "err.unknown_key", v)
		}
	}
	// A row without a status is a finished complaint: the old register
	// lists what was dealt with; open ones say so.
	c.Status = complaint.Closed
	if v := get("status"); v != "" {
		if c.Status, ok = status(v); !ok {
			bad("status", "err.unknown_key", v)
		}
	}
	at := func(field string) time.Time {
		v := get(field)
		if v == "" {
			return time.Time{}
		}
		t, ok := parseTime(v, loc)
		if !ok {
			bad(field, "err.csv.date", v)
		} else if t.Before(c.ReceivedAt) || t.After(now) {
			bad(field, "err.history.when", v)
		}
		return t.UTC()
	}
	c.HandledAt, c.ClosedAt = at("handled_at"), at("closed_at")
	switch c.Status {
	case complaint.Handled:
		c.ClosedAt = time.Time{}
		if c.HandledAt.IsZero() {
			c.HandledAt = c.ReceivedAt
		}
	case complaint.Closed:
		if c.ClosedAt.IsZero() {
			c.ClosedAt = latest(c.ReceivedAt, c.HandledAt)
		}
	default:
		c.HandledAt, c.ClosedAt = time.Time{}, time.Time{}
	}
	c.Outcome = get("outcome")
	switch strings.ToLower(get("satisfied")) {
	case "":
	case "yes", "ja", "y", "j", "1", "true":
		c.Satisfied = "yes"
	case "no", "nee", "n", "0", "false":
		c.Satisfied = "no"
	default:
		bad("satisfied", "err.unknown_key", get("satisfied"))
	}
	if len(c.Outcome) > 10000 {
		bad("outcome", "err.too_long", 10000)
	}
	c.UpdatedAt = latest(c.ReceivedAt, c.HandledAt, c.ClosedAt)
	row.C = c
	return row, errs
}

func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}
