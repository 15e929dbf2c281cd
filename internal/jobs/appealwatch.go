package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// AppealWatch is P8.2's term: the board is reminded a week before its
// decision is due and, when the term passes undecided, the appeal is
// marked overdue and the board and the procedure's owner are alerted. Each
// step happens once per appeal, however many servers run it.
type AppealWatch struct {
	Store   *store.Store
	Profile func() procedure.Profile
	Now     func() time.Time
	Every   time.Duration
	Log     *slog.Logger
}

// Run ticks until ctx ends.
func (w *AppealWatch) Run(ctx context.Context) error {
	return Loop(ctx, w.Every, w.Log, "appeal watch", w.Tick)
}

// Tick fires every appeal step that is due and returns how many fired.
func (w *AppealWatch) Tick(ctx context.Context) (int, error) {
	ctx = store.System(ctx) // klacht's own machinery sees the whole register
	now := w.Now().UTC()
	p := w.Profile()
	loc := p.Location()
	staff, err := w.Store.ActiveUsers(ctx, "")
	if err != nil {
		return 0, err
	}
	var board, owners []int64
	owner := p.OwnerDepartment
	for _, u := range staff {
		if u.Role == auth.RoleBoard {
			board = append(board, u.ID)
		}
		if u.Role == auth.RoleCoordinator || (owner != "" && u.Department == owner) {
			owners = append(owners, u.ID)
		}
	}
	steps := []struct {
		name  string
		dueBy time.Time
		kind  complaint.EventKind
		who   []int64
	}{
		{"reminder", now.In(loc).AddDate(0, 0, p.AppealReminderDays).UTC(), complaint.EventAppealReminder, board},
		{"overdue", now, complaint.EventAppealOverdue, append(append([]int64{}, board...), owners...)},
	}
	fired := 0
	for _, st := range steps {
		for {
			as, err := w.Store.AppealStepCandidates(ctx, st.name, st.dueBy, 200)
			if err != nil {
				return fired, err
			}
			n := 0
			for _, a := range as {
				if st.name == "overdue" && !a.DueAt.Before(now) {
					continue // due exactly now: overdue from the next moment
				}
				ev := complaint.Event{At: now, Kind: st.kind, Notify: st.who,
					Data: map[string]any{"appeal_id": a.ID, "due_at": a.DueAt.Format(time.RFC3339)}}
				ok, err := w.Store.FireAppealStep(ctx, a, st.name, ev)
				if err != nil {
					return fired, err
				}
				if ok {
					n++
				}
			}
			fired += n
			if len(as) < 200 || n == 0 {
				break
			}
		}
	}
	return fired, nil
}
