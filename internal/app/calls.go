package app

import (
	"context"
	"strings"

	"github.com/klacht/klacht/internal/call"
	"github.com/klacht/klacht/internal/member"
	"github.com/klacht/klacht/internal/store"
)

// Caller is who a phone number names, for the caller log and the
// register form: the members the member file has with it and the
// complainants who gave it, newest first.
type Caller struct {
	Number  string          `json:"number"` // E.164
	Members []member.Record `json:"members"`
	// Complainants are earlier complainants with the number who are not
	// among Members.
	Complainants []member.Record `json:"complainants"`
}

// One is the single person the number names, if it names exactly one.
func (c Caller) One() (member.Record, bool) {
	all := append(append([]member.Record(nil), c.Members...), c.Complainants...)
	if len(all) == 1 {
		return all[0], true
	}
	return member.Record{}, false
}

// FindCaller looks a phone number up (normalised to E.164) in the member
// file and in earlier complaints the reader may see; contact details only
// for a reader who may see them.
func (a *Service) FindCaller(ctx context.Context, phone string) (Caller, error) {
	c := Caller{Number: member.E164(phone, a.country)}
	if c.Number == "" {
		return c, nil
	}
	ms, err := a.store.MembersByPhone(ctx, c.Number)
	if err != nil {
		return c, err
	}
	known := map[string]bool{}
	for _, m := range ms {
		known[m.MemberNumber] = true
	}
	c.Members = ms
	cs, err := a.store.ComplainantsByPhone(ctx, c.Number)
	if err != nil {
		return c, err
	}
	for _, k := range cs {
		p := k.Complainant
		if p.MemberNumber != "" && known[p.MemberNumber] {
			continue
		}
		c.Complainants = append(c.Complainants, member.Record{MemberNumber: p.MemberNumber, Name: p.Name,
			Address: p.Address, Postcode: p.Postcode, City: p.City, Email: p.Email, Phone: p.Phone})
	}
	if !store.SeesContact(ctx) {
		for _, list := range [][]member.Record{c.Members, c.Complainants} {
			for i := range list {
				r := &list[i]
				r.Address, r.Postcode, r.City, r.Email = "", "", "", ""
			}
		}
	}
	return c, nil
}

// RecordCallEvent keeps a call event in the caller log; a new call is looked up
// by the caller's number first, so staff see who is calling.
func (a *Service) RecordCallEvent(ctx context.Context, e call.Event) (call.Call, Caller, error) {
	e, err := e.Check()
	if err != nil {
		return call.Call{}, Caller{}, err
	}
	var who store.Recognised
	var caller Caller
	if e.Kind == "new" {
		number := e.From
		if e.Direction == "out" {
			number = e.To
		}
		// Who calls is looked up as the register sees it: every member
		// and complainant, so the log can name them to whoever answers.
		if caller, err = a.FindCaller(store.System(ctx), number); err != nil {
			return call.Call{}, caller, err
		}
		who.Callers = len(caller.Members) + len(caller.Complainants)
		if one, ok := caller.One(); ok {
			who.MemberNumber, who.Name = one.MemberNumber, one.Name
		}
	}
	c, err := a.store.RecordCallEvent(ctx, e, who, a.Now())
	return c, caller, err
}

// LinkCall records that a call was registered as complaint ref.
func (a *Service) LinkCall(ctx context.Context, id int64, ref string) error {
	return a.store.LinkCall(ctx, id, strings.TrimSpace(ref))
}
