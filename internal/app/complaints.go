package app

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/store"
)

// Registration is how a complaint enters: forwarded or not, with which
// files, with which retry key, and with which status link.
type Registration struct {
	Forward        bool
	IdemKey        string
	ReqHash        string
	Attach         []complaint.Attachment
	StatusLinkHash string
	Mail           *complaint.IncomingMail
	Cancellation   int64
	// EventData is added to the registration's timeline entry.
	EventData map[string]any
}

// Register records a new complaint taken by u (P4) and routes it (P5.3);
// forwarded, it goes to the service-desk coordinator instead (P3.2). u is
// the zero user for the public form and the mailbox, where no employee
// took the complaint. replayed is true when a retry with the same key
// returned the complaint made before.
func (a *Service) Register(
	ctx context.Context,
	u auth.User,
	d complaint.Draft,
	reg Registration,
) (c complaint.Complaint, replayed bool, err error) {
	p := a.Profile()
	now := a.Now()
	c, err = complaint.New(d, p, p.Terms(), u.ID, now)
	if err != nil {
		return c, false, err
	}
	c.Team, c.AssigneeID = p.Route(c.Category, c.Campaign)
	var tell []int64
	if reg.Forward {
		to, err := a.Coordinator(ctx)
		if err != nil {
			return c, false, err
		}
		c.Team, c.AssigneeID = to.Team, to.AssigneeID
		// Forwarded while registered: the coordinator hears of it, as when
		// an existing complaint is forwarded (P3.2).
		if to.AssigneeID != 0 && to.AssigneeID != u.ID {
			tell = []int64{to.AssigneeID}
		}
	}
	// Everyone who left an e-mail address gets an acknowledgement with the
	// reference and the term, in their language.
	ack, err := a.Templates(ctx, notify.AcknowledgementFor(c, now, p.Location()))
	if err != nil {
		return c, false, err
	}
	return a.store.CreateComplaint(ctx, c, store.CreateOptions{
		ReferencePrefix: p.ReferencePrefix,
		ReferenceYear:   store.RefYear(now, p.Location()),
		IdempotencyKey:  reg.IdemKey,
		RequestHash:     reg.ReqHash,
		Attach:          reg.Attach,
		StatusLinkHash:  reg.StatusLinkHash,
		Mail:            reg.Mail,
		EventData:       reg.EventData,
		Notify:          tell,
		Cancellation:    reg.Cancellation,
		Compose: func(c complaint.Complaint) []complaint.Outgoing {
			if c.Complainant.Email == "" {
				return nil
			}
			m, _ := notify.Compose(ack[c.Language], c, a.LetterContext(u, now), complaint.ToldByEmail, nil)
			return []complaint.Outgoing{m}
		},
	})
}

// ListDoNotCall puts the member of a new telemarketing complaint on the
// do-not-call list, as registration offers (on unless the person said
// no). The complaint stands either way: a failure is logged.
func (a *Service) ListDoNotCall(ctx context.Context, u auth.User, c complaint.Complaint, wanted bool) {
	p := a.Profile()
	if !wanted || !c.OffersDoNotCall(p.OffersDoNotCall(c.Category)) {
		return
	}
	if _, err := a.store.SetDoNotCall(ctx, c.Reference, p.OffersDoNotCall, u.ID, a.Now()); err != nil &&
		fault.CodeOf(err) != fault.Conflict {
		a.log.ErrorContext(ctx, "do-not-call at registration", "reference", c.Reference, "err", err)
	}
}

// Handle closes the handling (P5.2): the status moves to handled, how the
// complainant was told is recorded, and an outcome e-mail or letter is
// queued when that was the way.
//
// Where the profile asks a second person's approval for the written
// outcome, the outcome is kept as a draft instead and the
// complaint, still in progress, is returned: its status says which.
func (a *Service) Handle(ctx context.Context, u auth.User, ref string, t complaint.Told) (complaint.Complaint, error) {
	if err := a.partsOpen(ctx, ref); err != nil {
		return complaint.Complaint{}, err
	}
	if asked, err := a.askApproval(ctx, u, ref, t); asked || err != nil {
		if err != nil {
			return complaint.Complaint{}, err
		}
		return a.store.Complaint(ctx, ref)
	}
	outcome, err := a.Templates(ctx, notify.Outcome)
	if err != nil {
		return complaint.Complaint{}, err
	}
	now := a.Now()
	required := a.Profile().RequireAuthorisation
	return a.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		if err := c.MayActFor(required); err != nil {
			return c, nil, err
		}
		next, ev, err := c.Handle(t, u.ID, now)
		if err != nil {
			return c, nil, err
		}
		if next.ToldVia == complaint.ToldByEmail || next.ToldVia == complaint.ToldByLetter {
			m, _ := notify.Compose(outcome[next.Language], next, a.LetterContext(u, now), next.ToldVia, nil)
			ev.Send = []complaint.Outgoing{m}
		}
		return next, []complaint.Event{ev}, nil
	})
}

// Reply sends the complainant an e-mail from the complaint's page; the
// subject carries the reference, so their answer threads back (P3.3).
func (a *Service) Reply(ctx context.Context, u auth.User, ref, subject, body string) (complaint.Complaint, error) {
	subject, body = strings.TrimSpace(subject), strings.TrimSpace(body)
	var errs fault.Validation
	switch n := utf8.RuneCountInString(subject); {
	case n == 0:
		errs.Add("subject", "err.required")
	case n > 200:
		errs.Add("subject", "err.too_long", 200)
	}
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		errs.Add("body", "err.required")
	case n > complaint.MaxDescription:
		errs.Add("body", "err.too_long", complaint.MaxDescription)
	}
	if err := errs.Err(); err != nil {
		return complaint.Complaint{}, err
	}
	now := a.Now()
	return a.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		if c.Addressee().Email == "" {
			return c, nil, fault.InvalidField("body", "err.told.no_email")
		}
		if !strings.Contains(subject, c.Reference) {
			subject = "[" + c.Reference + "] " + subject
		}
		link, hash := a.NewStatusLink()
		text := body + "\n\n--\n" + u.Name + "\n" + a.Profile().Organisation + "\n" + link
		c.UpdatedAt = now
		return c, []complaint.Event{{At: now, ActorID: u.ID, Kind: complaint.EventEmailSent,
			Data: map[string]any{"to": c.Addressee().Email, "subject": subject, "text": body},
			Send: []complaint.Outgoing{{Kind: "reply", Channel: complaint.ToldByEmail, Lang: c.Language, To: c.Addressee().Email,
				Subject: subject, Body: text, StatusLinkHash: hash}}}}, nil
	})
}

// Coordinator is where P3.2 forwards to: the service desk, in the hands of
// its (first) active coordinator when there is one.
func (a *Service) Coordinator(ctx context.Context) (complaint.Handler, error) {
	to := complaint.Handler{Team: a.Profile().DefaultDepartment}
	coords, err := a.store.ActiveUsers(ctx, auth.RoleCoordinator)
	if err != nil {
		return to, err
	}
	for _, c := range coords {
		if c.Department == "" || c.Department == to.Team {
			to.AssigneeID, to.Name = c.ID, c.Name
			break
		}
	}
	return to, nil
}

// HandoverTarget checks a hand-over target: a known team and, if a person
// is named, an active user.
func (a *Service) HandoverTarget(ctx context.Context, team string, assignee int64) (complaint.Handler, error) {
	h := complaint.Handler{Team: team, AssigneeID: assignee}
	if assignee == 0 {
		return h, nil
	}
	u, err := a.store.UserByID(ctx, assignee)
	if err != nil || !u.Active {
		return h, fault.InvalidField("assignee_id", "err.user.not_found")
	}
	h.Name = u.Name
	if h.Team == "" {
		h.Team = u.Department
	}
	return h, nil
}

// Assign hands a complaint over (P5.3) or, with kind EventForwarded,
// forwards it to the coordinator (P3.2).
func (a *Service) Assign(
	ctx context.Context,
	u auth.User,
	ref string,
	to complaint.Handler,
	kind complaint.EventKind,
	note string,
) (complaint.Complaint, error) {
	p := a.Profile()
	now := a.Now()
	return a.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		next, ev, err := c.Assign(to, kind, note, p, u.ID, now)
		if err != nil {
			return c, nil, err
		}
		return next, []complaint.Event{ev}, nil
	})
}

// Forward sends a complaint to the service-desk coordinator (P3.2).
func (a *Service) Forward(ctx context.Context, u auth.User, ref, note string) (complaint.Complaint, error) {
	to, err := a.Coordinator(ctx)
	if err != nil {
		return complaint.Complaint{}, err
	}
	return a.Assign(ctx, u, ref, to, complaint.EventForwarded, note)
}

// NoticeDelay records a written notice of delay (P5.5) and queues it to
// the complainant: by e-mail, or by letter when there is no e-mail address.
func (a *Service) NoticeDelay(
	ctx context.Context,
	u auth.User,
	ref string,
	expected time.Time,
	reason string,
) (complaint.Complaint, error) {
	notice, err := a.Templates(ctx, notify.DelayNotice)
	if err != nil {
		return complaint.Complaint{}, err
	}
	now := a.Now()
	sub, heard, err := a.heardSubject(ctx, ref)
	if err != nil {
		return complaint.Complaint{}, err
	}
	p := a.Profile()
	return a.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		// The extension is bounded where the profile says (Awb 9:11, Wkkgz
		// art. 17: four weeks more).
		if p.ExtensionDays > 0 {
			limit := p.Calendar().End(c.DueAt, complaint.Term{N: p.ExtensionDays, Unit: p.HandlingTerm().Unit})
			if expected.After(limit) {
				return c, nil, fault.InvalidField("expected_at", "err.delay.beyond_extension", limit.In(p.Location()).Format("02-01-2006"))
			}
		}
		next, ev, err := c.NoticeDelay(expected, reason, u.ID, now)
		if err != nil {
			return c, nil, err
		}
		m, ok := notify.Compose(
			notice[next.Language],
			next,
			a.LetterContext(u, now),
			"",
			notify.Values{"reason": ev.Data["reason"].(string)},
		)
		if !ok {
			return c, nil, fault.InvalidField("complainant", "err.no_written_channel")
		}
		ev.Send = []complaint.Outgoing{m}
		ev.Data["channel"] = m.Channel
		if heard { // Awb 9:11: both are told
			ev.Send = append(ev.Send, a.extensionNotice(sub, next, next.ExpectedAt, ev.Data["reason"].(string)))
		}
		return next, []complaint.Event{ev}, nil
	})
}

// Edit applies a patch by u.
func (a *Service) Edit(
	ctx context.Context,
	u auth.User,
	ref string,
	patch complaint.Patch,
) (complaint.Complaint, error) {
	p := a.Profile()
	now := a.Now()
	return a.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		next, ev, err := c.Apply(patch, p, p.Terms(), u.ID, now)
		if err != nil || ev == nil {
			return c, nil, err
		}
		return next, []complaint.Event{*ev}, nil
	})
}

// Transition moves a complaint to status to, with an optional note.
// Handling is not a bare status change: it goes through Handle (P5.2).
func (a *Service) Transition(
	ctx context.Context,
	u auth.User,
	ref string,
	to complaint.Status,
	note string,
) (complaint.Complaint, error) {
	if to == complaint.Handled {
		return complaint.Complaint{}, fault.InvalidField("told.via", "err.told.required")
	}
	now := a.Now()
	return a.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		next, ev, err := c.MoveTo(to, note, u.ID, now)
		if err != nil {
			return c, nil, err
		}
		return next, []complaint.Event{ev}, nil
	})
}

// Note adds an action to the timeline (P4.6).
func (a *Service) Note(ctx context.Context, u auth.User, ref, text string) (complaint.Event, error) {
	ev, err := complaint.NewNote(text, u.ID, a.Now())
	if err != nil {
		return ev, err
	}
	c, err := a.store.UpdateComplaint(
		ctx,
		ref,
		func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
			c.UpdatedAt = ev.At
			return c, []complaint.Event{ev}, nil
		},
	)
	ev.ComplaintID, ev.ActorName = c.ID, u.Name
	return ev, err
}

// AddFromComplainant takes more information, and files, from the
// complainant through their status page; a paused term runs again.
func (a *Service) AddFromComplainant(ctx context.Context, ref, text string, atts []complaint.Attachment) error {
	now := a.Now()
	_, err := a.store.UpdateComplaint(
		ctx,
		ref,
		func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
			ev := complaint.Event{
				At:     now,
				Kind:   complaint.EventComplainantAdded,
				Attach: atts,
				Data:   map[string]any{"text": text, "files": len(atts)},
			}
			if c.AssigneeID != 0 {
				ev.Notify = []int64{c.AssigneeID}
			}
			c.UpdatedAt = now
			c, resumed := c.Answered(now)
			return c, append([]complaint.Event{ev}, resumed...), nil
		},
	)
	return err
}
