package cancellation

import (
	"errors"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/sheet"
)

// Fields a CSV column can map to.
var Fields = []string{
	"id",
	"member_number",
	"name",
	"email",
	"phone",
	"address",
	"postcode",
	"city",
	"date",
	"reason",
	"reason_text",
	"reason_clear",
}

// DefaultSource names the file an import comes from unless told: the
// membership administration's export. A mapping is remembered per source.
const DefaultSource = "ledenadministratie"

// Mapping maps field → CSV column header, saved per import source.
type Mapping map[string]string

// DefaultMapping maps each field to a column of the same name.
func DefaultMapping() Mapping { return sheet.DefaultMapping(Fields) }

// ParseMapping reads "field=column,field=column".
func ParseMapping(s string) (Mapping, error) { return sheet.ParseMapping(s, Fields) }

// String writes m as ParseMapping reads it.
func (m Mapping) String() string { return sheet.MappingString(m, Fields) }

// RowError is one bad row of an import, by its line in the file.
type RowError = sheet.RowError

// Row is one good row, ready to store.
type Row struct {
	Line int
	C    Cancellation
}

// Report is what an import found.
type Report struct {
	Rows     int        `json:"rows"`
	Good     int        `json:"good"`
	Errors   []RowError `json:"errors"`
	Imported int        `json:"imported"`
	Existing int        `json:"existing"` // good rows already imported before
}

var dateLayouts = []string{"2006-01-02", "02-01-2006", "2-1-2006", "02/01/2006", "2/1/2006", "20060102"}

func parseDate(v string) (time.Time, bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, strings.TrimSpace(v)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "ja", "y", "j":
		return true, true
	case "0", "false", "no", "nee", "n":
		return false, true
	}
	return false, false
}

// ParseCSV reads a cancellations CSV (comma, semicolon or tab separated,
// in the charset the spreadsheet program saved it in: see sheet.NewReader)
// with mapping and the profile's reasons, and returns the good rows and an error for every bad one,
// with its line number and reason in lang. progress, when set, is told the
// bytes read so far. A file that is not a CSV at all is an error.
func ParseCSV(
	r io.Reader,
	p procedure.Profile,
	mapping Mapping,
	now time.Time,
	lang i18n.Lang,
	progress func(rows int),
) ([]Row, Report, error) {
	var rep Report
	cr, col, err := sheet.OpenTable(r)
	if err != nil {
		return nil, rep, err
	}
	idx := map[string]int{}
	var missing []string
	for _, f := range Fields {
		name := strings.ToLower(mapping[f])
		if i, ok := col[name]; ok {
			idx[f] = i
		} else if f == "id" || f == "member_number" || f == "date" {
			missing = append(missing, mapping[f])
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, rep, fault.New(fault.Invalid, "err.csv.columns", strings.Join(missing, ", "))
	}
	var rows []Row
	seen := map[string]int{}
	line := 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line++
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
				return rec[i]
			}
			return ""
		}
		c := Cancellation{Source: "", SourceID: get("id"), MemberNumber: get("member_number"), Name: get("name"),
			Email: get("email"), Phone: get("phone"), Address: get("address"), Postcode: get("postcode"), City: get("city"),
			Reason: get("reason"), ReasonText: get("reason_text")}
		var rowErrs []RowError
		if v := get("date"); v != "" {
			d, ok := parseDate(v)
			if !ok {
				rowErrs = append(rowErrs, RowError{Row: line, Field: "date", Message: i18n.T(lang, "err.csv.date", v)})
			}
			c.CancelledOn = d
		}
		if k, ok := ReasonKey(p, c.Reason); ok {
			c.Reason = k
		}
		reason := strings.ToLower(strings.TrimSpace(c.Reason))
		c.ReasonClear = reason != "" && reason != ReasonUnknown &&
			!(reason == ReasonOther && strings.TrimSpace(c.ReasonText) == "")
		if v := get("reason_clear"); v != "" {
			b, ok := parseBool(v)
			if !ok {
				rowErrs = append(rowErrs, RowError{Row: line, Field: "reason_clear", Message: i18n.T(lang, "err.bool")})
			}
			c.ReasonClear = b
		}
		if len(rowErrs) == 0 {
			var err error
			if c, err = c.Normalize(p, now); err != nil {
				e, _ := fault.As(err)
				for _, fe := range e.Fields {
					msg := i18n.T(lang, fe.Key, fe.Args...)
					if fe.Field == "reason" && fe.Key == "err.unknown_key" {
						msg = i18n.T(lang, "err.cancellation.reason", c.Reason, ReasonLabels(p, lang))
					}
					rowErrs = append(rowErrs, RowError{Row: line, Field: fe.Field, Message: msg})
				}
			}
		}
		if len(rowErrs) == 0 && c.SourceID != "" {
			if first, dup := seen[c.SourceID]; dup {
				rowErrs = append(
					rowErrs,
					RowError{Row: line, Field: "id", Message: i18n.T(lang, "err.csv.duplicate", c.SourceID, first)},
				)
			} else {
				seen[c.SourceID] = line
			}
		}
		if len(rowErrs) > 0 {
			rep.Errors = append(rep.Errors, rowErrs...)
			continue
		}
		rows = append(rows, Row{Line: line, C: c})
	}
	rep.Good = len(rows)
	if progress != nil {
		progress(rep.Rows)
	}
	return rows, rep, nil
}
