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
	Store   appealStore
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
	cal := p.Calendar()
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
	fired := 0
	for _, st := range p.AppealSteps() {
		who := board
		if st.Kind == complaint.AppealStepOverdue {
			who = append(append([]int64{}, board...), owners...)
		}
		for {
			as, err := w.Store.AppealStepCandidates(ctx, string(st.Kind), st.DueBy(now, cal), 200)
			if err != nil {
				return fired, err
			}
			n := 0
			for _, a := range as {
				if !st.Due(a, now, cal) {
					continue
				}
				ev := st.Event(a, now)
				ev.Notify = who
				ok, err := w.Store.FireAppealStep(ctx, a, string(st.Kind), ev)
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

// appealStore is what the appeal watch needs of the store.
type appealStore interface {
	ActiveUsers(ctx context.Context, role auth.Role) ([]auth.User, error)
	AppealStepCandidates(ctx context.Context, step string, dueBy time.Time, limit int) ([]complaint.Appeal, error)
	FireAppealStep(ctx context.Context, a complaint.Appeal, step string, ev complaint.Event) (bool, error)
}
