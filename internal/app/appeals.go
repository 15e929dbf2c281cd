package app

import (
	"context"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/store"
)

// Appeals to the board (P8): filed by the complainant on the status page
// or by staff on their behalf, acknowledged, decided by the board within
// its term, and the decision sent in the complainant's language.

// FileAppeal opens an appeal on a handled complaint and acknowledges it;
// by is the staff member filing on the complainant's behalf, or the zero
// user when the complainant filed it.
func (a *Service) FileAppeal(
	ctx context.Context,
	by auth.User,
	ref, grounds string,
	attach ...complaint.Attachment,
) (complaint.Appeal, error) {
	// The acknowledgement goes to the complainant: it needs their address,
	// whoever files on their behalf.
	c, err := a.store.Complaint(store.Unscoped(ctx), ref)
	if err != nil {
		return complaint.Appeal{}, err
	}
	p := a.Profile()
	now := a.Now()
	ap, err := complaint.FileAppeal(c, grounds, by.ID, p.AppealTerm(), p.Calendar(), now)
	if err != nil {
		return ap, err
	}
	ack, err := a.Templates(ctx, notify.AppealAck)
	if err != nil {
		return ap, err
	}
	ev := complaint.Event{At: now, ActorID: by.ID, Kind: complaint.EventAppealFiled, Attach: attach,
		Data: map[string]any{"grounds": ap.Grounds, "due_at": ap.DueAt.Format(time.RFC3339), "files": len(attach)}}
	x := a.LetterContext(by, now)
	decides := notify.Values{"decision_date": notify.LongDate(ap.DueAt.In(p.Location()), c.Language)}
	if m, ok := notify.Compose(ack[c.Language], c, x, "", decides); ok {
		ev.Send = []complaint.Outgoing{m}
	}
	return a.store.FileAppeal(ctx, ap, ev)
}

// DecideAppeal records the board's decision and sends it to the
// complainant, by e-mail or else by letter (P8.2).
func (a *Service) DecideAppeal(
	ctx context.Context,
	u auth.User,
	id int64,
	decision, reasoning string,
) (complaint.Appeal, error) {
	tpl, err := a.Templates(ctx, notify.AppealDecision)
	if err != nil {
		return complaint.Appeal{}, err
	}
	now := a.Now()
	loc := a.Profile().Location()
	return a.store.DecideAppeal(ctx, id, func(ap complaint.Appeal) (complaint.Appeal, complaint.Event, error) {
		next, err := ap.Decide(decision, reasoning, u.ID, now)
		if err != nil {
			return ap, complaint.Event{}, err
		}
		// The decision goes to the complainant: the board need not see
		// their address for the letter to reach it.
		c, err := a.store.Complaint(store.Unscoped(ctx), ap.Reference)
		if err != nil {
			return ap, complaint.Event{}, err
		}
		lang, _ := i18n.Parse(c.Language)
		ev := complaint.Event{At: now, ActorID: u.ID, Kind: complaint.EventAppealDecided,
			Data: map[string]any{"appeal_id": ap.ID, "decision": next.Decision, "reasoning": next.Reasoning}}
		m, ok := notify.Compose(tpl[c.Language], c, a.LetterContext(u, now), "", notify.Values{
			"decision": i18n.T(lang, "decision.word."+next.Decision), "reasoning": next.Reasoning,
			"decision_date": notify.LongDate(now.In(loc), c.Language)})
		if ok {
			ev.Send = []complaint.Outgoing{m}
		}
		return next, ev, nil
	})
}
