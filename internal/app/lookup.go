package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/member"
	"github.com/klacht/klacht/internal/store"
)

// FoundMember is what the register form is filled with for a member
// number (P4.1), and where it came from, so the form can say so.
type FoundMember struct {
	member.Record
	Source string `json:"source"` // member.FromMembershipSystem, FromMemberFile or FromEarlierComplaint
	// UpdatedAt is when the member file was brought in (FromMemberFile).
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
	// SystemDown says the membership system was asked and did not answer:
	// what the form shows comes from elsewhere.
	SystemDown bool `json:"membership_system_unavailable,omitempty"`
	// ContactHidden says the reader may not see contact details.
	ContactHidden bool `json:"contact_hidden,omitempty"`
}

// LookupMember finds member number nr: in the membership system when it
// is configured, else (or when it does not answer) in the member file,
// else in the member's last complaint the reader may see. Contact details
// only for a reader who may see them.
func (a *Service) LookupMember(ctx context.Context, nr string) (FoundMember, error) {
	nr = strings.TrimSpace(nr)
	if nr == "" || len(nr) > 40 {
		return FoundMember{}, fault.New(fault.NotFound, "err.member.not_found")
	}
	found, err := a.findMember(ctx, nr)
	if err != nil {
		return found, err
	}
	if !store.SeesContact(ctx) {
		r := &found.Record
		r.Address, r.Postcode, r.City, r.Email, r.Phone = "", "", "", "", ""
		found.ContactHidden = true
	}
	return found, nil
}

func (a *Service) findMember(ctx context.Context, nr string) (FoundMember, error) {
	var found FoundMember
	if a.memberLookup != nil {
		r, err := a.memberLookup.Lookup(ctx, nr)
		switch {
		case err == nil:
			return FoundMember{Record: r, Source: member.FromMembershipSystem}, nil
		case errors.Is(err, member.ErrNotFound):
		default:
			a.log.WarnContext(ctx, "member look-up failed; the member file and earlier complaints answer", "err", err)
			found.SystemDown = true
		}
	}
	r, updated, ok, err := a.store.Member(ctx, nr)
	if err != nil {
		return found, err
	}
	if ok {
		found.Record, found.Source, found.UpdatedAt = r, member.FromMemberFile, &updated
		return found, nil
	}
	p, err := a.store.LatestComplainant(ctx, nr)
	if err != nil {
		return found, err
	}
	found.Record = member.Record{MemberNumber: p.MemberNumber, Name: p.Name, Address: p.Address, Postcode: p.Postcode,
		City: p.City, Email: p.Email, Phone: p.Phone}
	found.Source = member.FromEarlierComplaint
	return found, nil
}

// ImportMembers replaces the member file of source with the file's good
// rows; before is how many members source held.
func (a *Service) ImportMembers(ctx context.Context, source string, rs []member.Record) (before int, err error) {
	return a.store.ReplaceMembers(ctx, source, a.country, rs, a.Now())
}
