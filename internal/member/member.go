// Package member finds a member's name, address and contact details by
// member number (P4.1), so the complaint form fills itself: from the
// membership system's own API (a configurable HTTP JSON look-up), from a
// member file the membership administration exports (CSV or XLSX), or
// else from the member's last complaint. It also writes phone numbers as
// E.164, so a caller's number finds them however it was typed.
package member

import (
	"strings"
	"unicode"
)

// Record is what is known of a member.
type Record struct {
	MemberNumber string `json:"member_number"`
	Name         string `json:"name"`
	Address      string `json:"address"`
	Postcode     string `json:"postcode"`
	City         string `json:"city"`
	Email        string `json:"email"`
	Phone        string `json:"phone"`
}

// Where a record came from, as the form says it.
const (
	FromMembershipSystem = "membership_system"
	FromMemberFile       = "member_file"
	FromEarlierComplaint = "earlier_complaint"
)

// Fields are a record's fields by name, as look-up mappings and member
// files name them.
var Fields = []string{"member_number", "name", "address", "postcode", "city", "email", "phone"}

// Set sets field name of r to v; false for a field a record does not have.
func (r *Record) Set(name, v string) bool {
	v = strings.Join(strings.Fields(v), " ")
	switch name {
	case "member_number":
		r.MemberNumber = v
	case "name":
		r.Name = v
	case "address":
		r.Address = v
	case "postcode":
		r.Postcode = strings.ToUpper(v)
	case "city":
		r.City = v
	case "email":
		r.Email = strings.ToLower(v)
	case "phone":
		r.Phone = v
	default:
		return false
	}
	return true
}

// E164 writes a phone number as E.164 (+31201234567): spaces, dashes,
// dots and brackets go; 00 becomes +; a national number (one leading 0)
// gets the country code given (31 for the Netherlands). "" for what is no
// phone number.
func E164(phone, country string) string {
	// "+31 (0)20 …" writes the national 0 for those who dial from home.
	phone = strings.TrimSpace(strings.ReplaceAll(phone, "(0)", ""))
	var digits strings.Builder
	plus := false
	for i, r := range phone {
		switch {
		case r == '+' && i == 0:
			plus = true
		case unicode.IsDigit(r) && r < 128:
			digits.WriteRune(r)
		case strings.ContainsRune(" -./()\u00a0", r):
		default:
			return "" // letters: not a number
		}
	}
	d := digits.String()
	switch {
	case plus:
	case strings.HasPrefix(d, "00"):
		d = d[2:]
	case strings.HasPrefix(d, "0"):
		d = country + d[1:]
	default:
		return ""
	}
	if len(d) < 8 || len(d) > 15 || d[0] == '0' {
		return ""
	}
	return "+" + d
}
