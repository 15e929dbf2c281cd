package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// Digest sends staff who asked for it one e-mail a day, from Hour on in
// the organisation's time zone: their open complaints, which are overdue
// or due soon, and how many notifications wait. Each user's day is claimed
// in the database, so it goes out once however many servers run.
type Digest struct {
	Store   *store.Store
	Profile func() procedure.Profile
	Now     func() time.Time
	Every   time.Duration
	Log     *slog.Logger
	Hour    int    // local hour from which the day's digest goes out
	BaseURL string // for the link in the mail
}

// Run works until ctx ends.
func (d *Digest) Run(ctx context.Context) error {
	return Loop(ctx, d.Every, d.Log, "digest", d.Tick)
}

// digestRows bounds the complaints one digest lists.
const digestRows = 25

// Tick queues today's digests that are due and returns how many.
func (d *Digest) Tick(ctx context.Context) (int, error) {
	ctx = store.System(ctx) // klacht's own machinery sees the whole register
	p := d.Profile()
	now := d.Now().UTC()
	local := now.In(p.Location())
	if local.Hour() < d.Hour {
		return 0, nil
	}
	day := local.Format("2006-01-02")
	users, err := d.Store.ActiveUsers(ctx, "")
	if err != nil {
		return 0, err
	}
	queued := 0
	for _, u := range users {
		if !u.Digest {
			continue
		}
		mine, _, err := d.Store.ListComplaints(
			ctx,
			store.Filter{AssigneeID: u.ID, Statuses: []complaint.Status{complaint.Registered, complaint.InProgress}, Now: now},
			store.SortDueAsc,
			digestRows,
			nil,
		)
		if err != nil {
			return queued, err
		}
		unread, err := d.Store.UnreadNotifications(ctx, u.ID)
		if err != nil {
			return queued, err
		}
		if len(mine) == 0 && unread == 0 {
			continue // nothing to say: no mail
		}
		lang, _ := i18n.Parse(u.Lang)
		if lang == "" {
			lang = i18n.Default
		}
		m := complaint.Outgoing{Kind: "digest", Channel: complaint.ToldByEmail, Lang: string(lang), To: u.Email,
			Subject: i18n.T(lang, "digest.subject", len(mine)), Body: d.body(lang, u.Name, mine, unread, now, p.Location())}
		ok, err := d.Store.QueueDigest(ctx, u.ID, day, m, now)
		if err != nil {
			return queued, err
		}
		if ok {
			queued++
		}
	}
	return queued, nil
}

func (d *Digest) body(
	lang i18n.Lang,
	name string,
	mine []complaint.Complaint,
	unread int,
	now time.Time,
	loc *time.Location,
) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", i18n.T(lang, "digest.hello", name))
	if len(mine) > 0 {
		fmt.Fprintf(&b, "%s\n\n", i18n.T(lang, "digest.open", len(mine)))
		for _, c := range mine {
			state := ""
			switch {
			case c.Overdue(now):
				state = " — " + i18n.T(lang, "due.overdue")
			case complaint.DueSoon(c.Status, c.DueAt, now, 72*time.Hour):
				state = " — " + i18n.T(lang, "due.soon")
			}
			fmt.Fprintf(&b, "- %s  %s  %s%s\n", c.Reference, c.DueAt.In(loc).Format("02-01-2006"), c.Complainant.Name, state)
		}
		b.WriteString("\n")
	}
	if unread > 0 {
		fmt.Fprintf(&b, "%s\n\n", i18n.T(lang, "digest.unread", unread))
	}
	fmt.Fprintf(
		&b,
		"%s\n%s/complaints?assignee=me&sort=due_at\n",
		i18n.T(lang, "digest.link"),
		strings.TrimRight(d.BaseURL, "/"),
	)
	return b.String()
}
