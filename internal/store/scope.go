package store

import (
	"context"
	"errors"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
)

// Scope is what one user may see of the register (auth.Visibility),
// applied by every read of complaints: lists, counts, single complaints
// and timelines. Scope fails closed: a read under a context that carries
// none is refused (ErrNoScope), so a new path cannot forget it; background
// work asks for the system scope by name (System).
type Scope struct {
	UserID     int64
	Department string
	auth.Visibility
}

type scopeKey struct{}

// WithScope returns ctx whose complaint reads are limited to sc.
func WithScope(ctx context.Context, sc Scope) context.Context {
	return context.WithValue(ctx, scopeKey{}, sc)
}

// ErrNoScope is a read of complaints under a context without a scope: a
// programming error, answered as an internal error.
var ErrNoScope = errors.New("store: complaints read without a scope; background work uses store.System")

// scopeOf is the context's scope, or ErrNoScope.
func scopeOf(ctx context.Context) (Scope, error) {
	sc, ok := ctx.Value(scopeKey{}).(Scope)
	if !ok {
		return sc, ErrNoScope
	}
	return sc, nil
}

// System returns ctx for klacht's own background work (the term watch, the
// mailbox, the outbox, scheduled reports, the command line): the whole
// register, contact details included, as the procedure's own machinery.
func System(ctx context.Context) context.Context {
	return WithScope(ctx, Scope{Visibility: auth.Visibility{Rows: auth.AllRows, Contact: true}})
}

// cond is the SQL condition on complaints c for the scope's rows.
func (sc Scope) cond() (string, []any) {
	// The member of staff a complaint is about sees only their own part,
	// through the link that brought them the copy: not the
	// complaint in the register, whatever their role sees otherwise.
	notAbout, notArgs := sc.notAbout("c.id")
	rows, rowArgs := sc.sightCond()
	switch {
	case rows == "":
		return notAbout, notArgs
	case notAbout == "":
		return rows, rowArgs
	}
	return rows + " AND " + notAbout, append(rowArgs, notArgs...)
}

// notAbout is the rule for the person complained about (see cond) on the
// complaint's id, the SQL expression id: "" for a reader who is no member
// of staff. The few ids come from an index of their own, so that a list
// an index serves alone is not made to read every row for the column.
func (sc Scope) notAbout(id string) (string, []any) {
	if sc.UserID == 0 {
		return "", nil
	}
	return id + " NOT IN (SELECT a.id FROM complaints a WHERE a.subject_user_id = ?)", []any{sc.UserID}
}

// sightCond is cond without the rule for the person complained about.
func (sc Scope) sightCond() (string, []any) {
	if sc.Rows == auth.AllRows {
		return "", nil
	}
	// What reached the user is always theirs to see (P3.2, P5.3): what
	// they registered, and what is handed to them or their department.
	// A part referred to them or their department brings the
	// complaint in sight too; the page then shows them only that part.
	own := "c.taken_by = ? OR c.assignee_id = ? OR c.team = ? OR c.id IN (SELECT p.complaint_id FROM complaint_parts p " +
		"WHERE p.department = ? OR p.assignee_id = ?)"
	args := []any{sc.UserID, sc.UserID, sc.Department, sc.Department, sc.UserID}
	rows, rowArgs := rowsCond(sc.Rows, sc.UserID)
	if rows == "" {
		return "(" + own + ")", args
	}
	return "(" + own + " OR " + rows + ")", append(args, rowArgs...)
}

// rowsCond is the SQL condition on complaints c for the rows a role sees
// beyond a user's own: "" for none (and for all: the caller asks first).
// user is the reader, for the campaigns they head.
func rowsCond(rows auth.Rows, user int64) (string, []any) {
	switch rows {
	case auth.OwnCampaigns:
		return "c.campaign IN (SELECT key FROM campaigns WHERE head_user_id = ?)", []any{user}
	case auth.PrivacyRows:
		// The data protection officer's categories are data on the category.
		return "c.category IN (SELECT key FROM categories WHERE privacy = 1)", nil
	case auth.AppealedRows:
		return "EXISTS (SELECT 1 FROM appeals a WHERE a.complaint_id = c.id)", nil
	}
	return "", nil
}

// redact blanks what the scope may not see of c.
func (sc Scope) redact(c *complaint.Complaint) {
	if !sc.Contact {
		c.HideContact()
	}
}

// redactEvent removes contact details from an event's data, by the
// domain's list of which data of each kind are contact details.
func (sc Scope) redactEvent(e *complaint.Event) {
	if !sc.Contact {
		complaint.RedactContact(e)
	}
}

// Unscoped returns ctx that reads the whole register with contact details:
// for work on the complainant's behalf after the route's permission was
// checked, such as composing the letter that tells them a decision, or
// answering their request for their data (AVG art. 15).
func Unscoped(ctx context.Context) context.Context {
	return WithScope(ctx, Scope{Visibility: auth.Visibility{Rows: auth.AllRows, Contact: true}})
}

// SeesContact reports whether the reader of ctx may see complainants'
// contact details: what an export of the register includes.
func SeesContact(ctx context.Context) bool {
	sc, err := scopeOf(ctx)
	return err == nil && sc.Contact
}
