package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// AuditCheckpoints writes signed checkpoints of the audit log where the
// database's owner cannot silently rewrite them: every tick to the
// checkpoint file and to the server's log, and on Mondays (from
// ReportHour) in a mail to every data protection officer, once per week on
// any number of servers. `klacht audit verify --checkpoint` reads all three.
type AuditCheckpoints struct {
	Store   *store.Store
	Profile func() procedure.Profile
	Now     func() time.Time
	Every   time.Duration
	File    string // the checkpoint file; empty: none
	Log     *slog.Logger
}

// Run works until ctx ends.
func (a *AuditCheckpoints) Run(ctx context.Context) error {
	return Loop(ctx, a.Every, a.Log, "audit checkpoints", a.Tick)
}

// Tick writes a checkpoint, and queues the week's mail when it is due;
// it returns how many mails it queued.
func (a *AuditCheckpoints) Tick(ctx context.Context) (int, error) {
	ctx = store.System(ctx) // klacht's own machinery
	now := a.Now().UTC()
	c, err := a.Store.AuditCheckpoint(ctx, now)
	if err != nil {
		return 0, err
	}
	if a.File != "" {
		if err := audit.AppendCheckpoint(a.File, c); err != nil {
			return 0, err
		}
	}
	a.Log.InfoContext(ctx, "audit checkpoint", "entries", c.Entries, "checkpoint", c.String())
	local := now.In(a.Profile().Location())
	if local.Weekday() != time.Monday || local.Hour() < ReportHour {
		return 0, nil
	}
	y, w := local.ISOWeek()
	period := fmt.Sprintf("%d-W%02d", y, w)
	if done, err := a.Store.Scheduled(ctx, "audit_checkpoint", period); err != nil || done {
		return 0, err
	}
	dpos, err := a.Store.ActiveUsers(ctx, auth.RoleDPO)
	if err != nil {
		return 0, err
	}
	var mails []store.StaffMail
	for _, u := range dpos {
		if u.Email == "" {
			continue
		}
		lang, ok := i18n.Parse(u.Lang)
		if !ok {
			lang = i18n.Default
		}
		mails = append(mails, store.StaffMail{Kind: "audit_checkpoint", Lang: string(lang), To: u.Email,
			Subject: i18n.T(lang, "audit.checkpoint_subject", period),
			Body:    i18n.T(lang, "audit.checkpoint_body", u.Name, c.Entries, c.String())})
	}
	if len(mails) == 0 {
		return 0, nil
	}
	ok, err := a.Store.QueueScheduled(ctx, "audit_checkpoint", period, mails, now)
	if err != nil || !ok {
		return 0, err
	}
	return len(mails), nil
}
