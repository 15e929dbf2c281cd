package member

import (
	"errors"
	"io"
	"strings"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/sheet"
)

// columns are the headers a member file may use for each field, in
// English and Dutch, as membership systems export them.
var columns = map[string]string{
	"member_number": "member_number", "member number": "member_number", "lidnummer": "member_number",
	"relatienummer": "member_number", "member": "member_number",
	"name": "name", "naam": "name", "volledige naam": "name",
	"address": "address", "adres": "address", "straat": "address",
	"postcode": "postcode", "postal code": "postcode", "zip": "postcode",
	"city": "city", "woonplaats": "city", "plaats": "city",
	"email": "email", "e-mail": "email", "e-mailadres": "email",
	"phone": "phone", "telefoon": "phone", "telefoonnummer": "phone", "mobiel": "phone",
}

// RowError is a row of a member file that was refused.
type RowError = sheet.RowError

// maxRows bounds a member file: a large membership has a few hundred
// thousand members.
const maxRows = 2_000_000

// ParseFile reads a member file (CSV or XLSX, see sheet.NewReader) and
// returns its good rows and each bad row with its reason in lang. A file
// without a member number column is an error.
func ParseFile(r io.Reader, lang i18n.Lang) ([]Record, []RowError, error) {
	recs, header, err := sheet.OpenTable(r)
	if err != nil {
		return nil, nil, err
	}
	col := map[string]int{}
	for name, i := range header {
		if f, ok := columns[name]; ok {
			if j, dup := col[f]; !dup || i < j {
				col[f] = i
			}
		}
	}
	if _, ok := col["member_number"]; !ok {
		return nil, nil, fault.New(fault.Invalid, "err.csv.columns", "member_number")
	}
	var good []Record
	var bad []RowError
	seen := map[string]int{}
	for line := 2; ; line++ {
		rec, err := recs.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if line > maxRows+1 {
			return nil, nil, fault.New(fault.TooLarge, "err.csv.rows", maxRows)
		}
		if err != nil {
			bad = append(bad, RowError{Row: line, Message: i18n.T(lang, "err.csv.row")})
			continue
		}
		var m Record
		for f, i := range col {
			if i < len(rec) {
				m.Set(f, rec[i])
			}
		}
		switch {
		case m.MemberNumber == "":
			bad = append(bad, RowError{Row: line, Field: "member_number", Message: i18n.T(lang, "err.required")})
		case seen[m.MemberNumber] > 0:
			bad = append(bad, RowError{Row: line, Field: "member_number",
				Message: i18n.T(lang, "err.member.duplicate", m.MemberNumber, seen[m.MemberNumber])})
		case m.Email != "" && !strings.Contains(m.Email, "@"):
			bad = append(bad, RowError{Row: line, Field: "email", Message: i18n.T(lang, "err.email")})
		case len(m.MemberNumber) > 40 || len(m.Name) > 200 || len(m.Address) > 200 || len(m.Email) > 254:
			bad = append(bad, RowError{Row: line, Message: i18n.T(lang, "err.member.too_long")})
		default:
			seen[m.MemberNumber] = line
			good = append(good, m)
		}
	}
	if len(good)+len(bad) == 0 {
		return nil, nil, fault.New(fault.Invalid, "err.csv.empty")
	}
	return good, bad, nil
}
