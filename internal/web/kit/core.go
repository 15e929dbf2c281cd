package kit

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// Core is what every handler works with: the use cases, the store for
// reads, the log, the pages and whether cookies are Secure.
type Core struct {
	App    *app.Service
	Store  *store.Store
	Log    *slog.Logger
	Secure bool
	Pages  *Pages
}

// Now is the use cases' clock.
func (s *Core) Now() time.Time { return s.App.Now() }

// Profile returns the current profile.
func (s *Core) Profile() procedure.Profile { return s.App.Profile() }

type ctxKey int

const userKey ctxKey = 1

func WithUser(ctx context.Context, u auth.User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// UserOf returns the signed-in user of the request, if any.
func UserOf(r *http.Request) (auth.User, bool) {
	u, ok := r.Context().Value(userKey).(auth.User)
	return u, ok
}

// ReadComplaint loads the complaint a request names and records the read
// in the audit log: a complaint is personal data, and who saw it is part
// of what the organisation must be able to show (AVG art. 5(2)). When the
// read cannot be recorded, it is refused.
func (s *Core) ReadComplaint(r *http.Request, what string) (complaint.Complaint, error) {
	c, err := s.Store.Complaint(r.Context(), r.PathValue("reference"))
	if err != nil {
		return c, err
	}
	if err := s.App.Record(r.Context(), audit.Entry{At: s.Now(), Action: "complaint.read", Object: c.Reference, Detail: what}); err != nil {
		return c, err
	}
	return c, nil
}

// NeedsEnrolment tells whether u must set up a second factor first.
func (s *Core) NeedsEnrolment(u auth.User) bool {
	return s.Profile().TwoFactor && auth.NeedsSecondFactor(u.Role) && !u.TOTP
}
