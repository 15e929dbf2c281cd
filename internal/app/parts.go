package app

import (
	"context"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/notify"
)

// One complaint, several departments.

// SplitPart refers a part of the complaint ref to a department, with its
// own handler and term.
func (a *Service) SplitPart(ctx context.Context, u auth.User, ref, what, department string, assignee int64,
	due time.Time) (complaint.Part, error) {
	p := a.Profile()
	now := a.Now()
	staff, err := a.store.ActiveUsers(ctx, "")
	if err != nil {
		return complaint.Part{}, err
	}
	return a.store.AddPart(ctx, ref, func(c complaint.Complaint) (complaint.Part, complaint.Event, error) {
		part, ev, err := complaint.SplitPart(c, what, department, assignee, due, p, u.ID, now)
		if assignee == 0 { // the department hears of it; a person named, they do
			for _, s := range staff {
				if s.Department == department && s.ID != u.ID {
					ev.Notify = append(ev.Notify, s.ID)
				}
			}
		}
		return part, ev, err
	})
}

// PartDue is the term a new part gets unless the referrer chooses another:
// the handling term on the profile's calendar, from now.
func (a *Service) PartDue() time.Time { return a.MeasureDue() }

// HandlePart records how a department finished its part of the complaint
// ref. Where the profile tells per part, the complainant hears of it now;
// when it was the last part, the complaint is handled, and (told once)
// the complainant hears of every part together, in writing.
func (a *Service) HandlePart(ctx context.Context, u auth.User, ref string, id int64, outcome string) error {
	p := a.Profile()
	templates, err := a.Templates(ctx, notify.Outcome)
	if err != nil {
		return err
	}
	now := a.Now()
	return a.store.HandlePart(ctx, ref, id, u.ID, func(c complaint.Complaint, part complaint.Part,
		all []complaint.Part) (complaint.Part, complaint.Complaint, []complaint.Event, error) {
		part, ev, err := part.Handle(outcome, u.ID, now)
		if err != nil {
			return part, c, nil, err
		}
		lang := i18n.Lang(c.Language)
		line := func(x complaint.Part) string { return p.DepartmentLabel(x.Department, lang) + ": " + x.Outcome }
		if p.TellPerPart {
			if m, ok := a.courseMail(c, "part_outcome", "part.mail", line(part), u); ok {
				ev.Send = []complaint.Outgoing{m}
			}
		}
		events := []complaint.Event{ev}
		for i := range all {
			if all[i].ID == part.ID {
				all[i] = part
			}
		}
		channel := c.Addressee().WrittenChannel()
		if !complaint.AllHandled(all) || !c.Status.Open() || channel == "" {
			return part, c, events, nil // a complaint told by phone is handled by its handler
		}
		next := c
		if next.Status == complaint.Registered {
			var moved complaint.Event
			if next, moved, err = next.MoveTo(complaint.InProgress, "", u.ID, now); err != nil {
				return part, c, nil, err
			}
			events = append(events, moved)
		}
		lines := make([]string, len(all))
		for i, x := range all {
			lines[i] = line(x)
		}
		next, handled, err := next.Handle(complaint.Told{Via: channel, Summary: strings.Join(lines, "\n\n")}, u.ID, now)
		if err != nil {
			return part, c, nil, err
		}
		if !p.TellPerPart {
			if m, ok := notify.Compose(templates[next.Language], next, a.LetterContext(u, now), channel, nil); ok {
				handled.Send = []complaint.Outgoing{m}
			}
		}
		return part, next, append(events, handled), nil
	})
}

// partsOpen refuses to handle the complaint ref as a whole while a part of
// it is open.
func (a *Service) partsOpen(ctx context.Context, ref string) error {
	c, err := a.store.Complaint(ctx, ref)
	if err != nil {
		return err
	}
	parts, err := a.store.Parts(ctx, c.ID)
	if err != nil {
		return err
	}
	return complaint.PartsOpen(parts)
}

// courseMail tells the complainant (or whom they chose) of a step in
// their complaint's course: a part finished, a measure carried out. The
// texts are key+".subject" and key+".body" (name, reference, line, status
// link, handler, organisation).
func (a *Service) courseMail(c complaint.Complaint, kind, key, line string, u auth.User) (complaint.Outgoing, bool) {
	to := c.Addressee()
	channel := to.WrittenChannel()
	if channel == "" {
		return complaint.Outgoing{}, false
	}
	lang := i18n.Lang(c.Language)
	link, hash := a.NewStatusLink()
	m := complaint.Outgoing{Kind: kind, Channel: channel, Lang: c.Language, StatusLinkHash: hash,
		Subject: i18n.T(lang, key+".subject", c.Reference),
		Body:    i18n.T(lang, key+".body", to.Name, c.Reference, line, link, u.Name, a.Profile().Organisation)}
	if channel == complaint.ToldByEmail {
		m.To = to.Email
	} else {
		m.Address = to.PostalAddress()
	}
	return m, true
}
