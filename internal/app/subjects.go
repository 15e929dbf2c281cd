package app

import (
	"context"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/store"
)

// The person or unit complained about: who may not handle
// it (Awb 9:7), who gets a copy and gives their side (Awb 9:9) where the
// profile hears them, and the hearing's report (Awb 9:10).

// subjectAnswerTerm is how long the person complained about has to give
// their side through the link: two weeks on the profile's calendar.
var subjectAnswerTerm = complaint.Term{N: 2, Unit: complaint.Weeks}

// SetSubject records who or what the complaint ref is about. Where the
// profile hears the person complained about, a person with an e-mail
// address gets a copy of the complaint with a link to give their side.
func (a *Service) SetSubject(ctx context.Context, u auth.User, ref string, sub complaint.Subject) (complaint.Complaint, error) {
	p := a.Profile()
	sub, err := sub.Normalize(p)
	if err != nil {
		return complaint.Complaint{}, err
	}
	now := a.Now()
	ch := store.SubjectChange{Subject: sub, Set: func(c complaint.Complaint, s complaint.Subject) (complaint.Complaint, complaint.Event, error) {
		return c.SetSubject(s, u.ID, now)
	}}
	if p.Hearing && sub.Person() {
		// The key is read before the transaction, as AskExpert does.
		if _, err := a.linkKeyOf(ctx); err != nil {
			return complaint.Complaint{}, err
		}
		deadline := p.Calendar().End(now, subjectAnswerTerm)
		lang := p.DefaultLanguage
		ch.Copy = &store.ExpertRequest{Lang: lang, Question: i18n.T(i18n.Lang(lang), "subject.ask", p.Organisation),
			ShareText: true, Deadline: deadline, ExpiresAt: deadline.Add(expertGrace), CreatedBy: u.ID,
			CreatedByName: u.Name, CreatedAt: now.UTC(), Role: store.RoleSubject}
		var mailErr error
		ch.Compose = func(x store.ExpertRequest) complaint.Outgoing {
			m, err := a.expertMail(ctx, x, "request")
			mailErr = err
			return m
		}
		c, err := a.store.SetSubject(ctx, ref, ch, u.ID)
		if err == nil {
			err = mailErr
		}
		return c, err
	}
	return a.store.SetSubject(ctx, ref, ch, u.ID)
}

// Subject returns who or what c is about, if recorded.
func (a *Service) Subject(ctx context.Context, c complaint.Complaint) (complaint.Subject, bool, error) {
	return a.store.Subject(ctx, c.ID)
}

// RecordHearing puts the report of hearing both sides on the timeline of
// the complaint ref (Awb 9:10).
func (a *Service) RecordHearing(ctx context.Context, u auth.User, ref string, h complaint.Hearing) (complaint.Complaint, error) {
	now := a.Now()
	return a.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		ev, err := c.RecordHearing(h, u.ID, now)
		if err != nil {
			return c, nil, err
		}
		return c, []complaint.Event{ev}, nil
	})
}

// heardSubject is the person complained about who is told of the
// complaint's course where the profile hears them: found before the
// change's transaction, so its callback reads nothing.
func (a *Service) heardSubject(ctx context.Context, ref string) (complaint.Subject, bool, error) {
	if !a.Profile().Hearing {
		return complaint.Subject{}, false, nil
	}
	c, err := a.store.Complaint(ctx, ref)
	if err != nil {
		return complaint.Subject{}, false, err
	}
	sub, ok, err := a.store.Subject(ctx, c.ID)
	return sub, ok && sub.Person() && sub.Email != "", err
}

// extensionNotice is the notice of extension the person complained about
// gets beside the complainant (Awb 9:11): the new date and the reason,
// never the complainant's own message (it holds their status link).
func (a *Service) extensionNotice(sub complaint.Subject, c complaint.Complaint, expected time.Time, reason string) complaint.Outgoing {
	p := a.Profile()
	lang := i18n.Lang(p.DefaultLanguage)
	return complaint.Outgoing{Kind: "subject_delay", Channel: complaint.ToldByEmail, Lang: string(lang), To: sub.Email,
		Subject: i18n.T(lang, "subject.mail.subject_delay", c.Reference),
		Body: i18n.T(lang, "subject.mail.delay", sub.Name, c.Reference, expected.In(p.Location()).Format("02-01-2006"),
			reason, p.Organisation)}
}

// SetRepresentative records who acts for the complainant of ref (nil:
// nobody any more), their authorisation and whom letters go to (issue
// 19.6).
func (a *Service) SetRepresentative(ctx context.Context, u auth.User, ref string, r *complaint.Representative) (complaint.Complaint, error) {
	if r != nil {
		n, err := r.Normalize()
		if err != nil {
			return complaint.Complaint{}, err
		}
		r = &n
	}
	now := a.Now()
	return a.store.SetRepresentative(ctx, ref, r, func(c complaint.Complaint) (complaint.Complaint, complaint.Event, error) {
		return c.SetRepresentative(r, u.ID, now)
	})
}
