package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// newComplaint is a complaint to number and store, with what comes with
// it and the actor the audit log names.
type newComplaint struct {
	c     *complaint.Complaint
	opt   CreateOptions
	actor audit.Actor
}

func (s *Store) createComplaint(
	ctx context.Context,
	c complaint.Complaint,
	opt CreateOptions,
) (complaint.Complaint, bool, error) {
	var replayedID int64
	item := &newComplaint{c: &c, opt: opt, actor: audit.ActorFrom(ctx)}
	create := func(tx conn) error {
		if opt.IdempotencyKey != "" {
			var id int64
			var hash string
			err := tx.queryRow(ctx, `SELECT complaint_id, request_hash FROM idempotency_keys WHERE user_id = ? AND key = ?`,
				c.TakenByID, opt.IdempotencyKey).Scan(&id, &hash)
			switch {
			case err == nil && hash != opt.RequestHash:
				return fault.New(fault.Conflict, "err.idempotency.mismatch")
			case err == nil:
				replayedID = id
				return nil
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
		if err := insertComplaints(ctx, tx, item); err != nil {
			return err
		}
		if opt.IdempotencyKey != "" {
			if _, err := tx.exec(ctx, `INSERT INTO idempotency_keys (user_id, key, request_hash, complaint_id, created_at) VALUES (?, ?, ?, ?, ?)`,
				c.TakenByID, opt.IdempotencyKey, opt.RequestHash, c.ID, c.CreatedAt); err != nil {
				return err
			}
		}
		return nil
	}
	// A create without a key to look up is the batch's to make together
	// with the others (see group.go).
	shared := item
	if opt.IdempotencyKey != "" {
		shared = nil
	}
	if err := s.groupTx(ctx, create, shared); err != nil {
		return c, false, err
	}
	if replayedID != 0 {
		out, err := s.complaintWhere(ctx, s.byKey(), "c.id = ?", replayedID)
		return out, true, err
	}
	// The complaint is answered as stored without reading its row back:
	// on PostgreSQL that read cost each create as much of the database's
	// time as the writer's share of it, beside the page the writer fills.
	out, err := s.withNames(ctx, asStored(c))
	return out, false, err
}

// asStored is c as a read of the row a create writes gives it back: times
// in UTC to the microsecond, as both databases keep them, and nothing a
// create does not write (the store's suite compares the two).
func asStored(c complaint.Complaint) complaint.Complaint {
	for _, t := range []*time.Time{&c.ReceivedAt, &c.DueAt, &c.ExpectedAt, &c.DelayNoticeAt, &c.ToldAt,
		&c.HandledAt, &c.ClosedAt, &c.CreatedAt, &c.UpdatedAt} {
		if !t.IsZero() {
			*t = t.UTC().Truncate(time.Microsecond)
		}
	}
	c.TakenByName, c.AssigneeName = "", ""
	c.PausedAt, c.PausedFor, c.MergedInto, c.SubjectUserID = time.Time{}, 0, "", 0
	c.Representative, c.Hidden = nil, nil
	return c
}

// withNames fills in the names of the user who took c and the one who
// handles it, as the complaint's read joins them.
func (s *Store) withNames(ctx context.Context, c complaint.Complaint) (complaint.Complaint, error) {
	if c.TakenByID == 0 && c.AssigneeID == 0 {
		return c, nil
	}
	type idName struct {
		id   int64
		name string
	}
	names, err := collect(ctx, s.byKey(), func(r interface{ Scan(...any) error }) (idName, error) {
		var n idName
		return n, r.Scan(&n.id, &n.name)
	}, `SELECT id, name FROM users WHERE id IN (?, ?)`, c.TakenByID, c.AssigneeID)
	if err != nil {
		return c, fmt.Errorf("names of a new complaint's users: %w", err)
	}
	for _, n := range names {
		if n.id == c.TakenByID {
			c.TakenByName = n.name
		}
		if n.id == c.AssigneeID {
			c.AssigneeName = n.name
		}
	}
	return c, nil
}

// insertComplaints numbers the complaints (P4: a human reference,
// sequential per year) and stores them with their registration events: a
// statement per table for all of them, as a batch of creates shares. The
// counter row is locked by the upsert until commit, so concurrent creates
// on PostgreSQL queue on it and never share a number; SQLite has one
// writer anyway.
func insertComplaints(ctx context.Context, tx conn, items ...*newComplaint) error {
	years := make([]int, len(items))
	for i, it := range items {
		years[i] = it.opt.ReferenceYear
	}
	next, err := reserveReferences(ctx, tx, years)
	if err != nil {
		return err
	}
	rows := make([][]any, len(items))
	index := make(map[string]*newComplaint, len(items))
	for i, it := range items {
		it.c.Reference = complaint.FormatReference(it.opt.ReferencePrefix, it.opt.ReferenceYear, next[it.opt.ReferenceYear])
		next[it.opt.ReferenceYear]++
		index[it.c.Reference] = it
		rows[i] = complaintRow(*it.c)
	}
	err = insertRows(ctx, tx, "complaints", complaintCols, rows, "id, reference", func(scan func(...any) error) error {
		var id int64
		var ref string
		if err := scan(&id, &ref); err != nil {
			return err
		}
		index[ref].c.ID = id
		return nil
	})
	if err != nil {
		return fmt.Errorf("insert complaint: %w", err)
	}
	phones := make([]complaint.Complaint, len(items))
	for i, it := range items {
		phones[i] = *it.c
	}
	if err := indexPhones(ctx, tx, phones...); err != nil {
		return err
	}
	if tx.state != nil {
		if tx.state.refs == nil {
			tx.state.refs = map[int64]string{}
		}
		for _, it := range items {
			tx.state.refs[it.c.ID] = it.c.Reference
		}
	}
	var links [][]any
	events := make([]eventsOf, len(items))
	for i, it := range items {
		c, opt := it.c, it.opt
		ev := complaint.RegisteredEvent(*c)
		if opt.Compose != nil {
			ev.Send = opt.Compose(*c)
		}
		ev.Attach, ev.Mail, ev.Notify = opt.Attach, opt.Mail, opt.Notify
		for k, v := range opt.EventData {
			ev.Data[k] = v
		}
		if opt.Cancellation != 0 {
			if err := linkCancellation(ctx, tx, *c, opt.Cancellation); err != nil {
				return err
			}
			ev.Data["cancellation_id"] = opt.Cancellation
		}
		if opt.StatusLinkHash != "" {
			links = append(links, []any{opt.StatusLinkHash, c.ID, c.CreatedAt})
		}
		events[i] = eventsOf{complaintID: c.ID, actor: it.actor, events: []complaint.Event{ev}}
	}
	if err := insertRows(ctx, tx, "status_links", statusLinkCols, links, "", nil); err != nil {
		return fmt.Errorf("status link: %w", err)
	}
	return appendEventsOf(ctx, tx, events...)
}

// reserveReferences takes a block of numbers from each year's counter, one
// for each complaint of that year in years, and returns each year's first.
func reserveReferences(ctx context.Context, tx conn, years []int) (map[int]int64, error) {
	perYear := map[int]int64{}
	var order []int
	for _, y := range years {
		if perYear[y] == 0 {
			order = append(order, y)
		}
		perYear[y]++
	}
	next := make(map[int]int64, len(order))
	for _, y := range order {
		var last int64
		if err := tx.queryRow(ctx, `INSERT INTO reference_counters (year, last) VALUES (?, ?)
			ON CONFLICT (year) DO UPDATE SET last = reference_counters.last + ? RETURNING last`, y, perYear[y], perYear[y]).
			Scan(&last); err != nil {
			return nil, fmt.Errorf("reserve references for %d: %w", y, err)
		}
		next[y] = last - perYear[y] + 1
	}
	return next, nil
}

// linkCancellation links a new complaint to the cancellation it was
// behind (P6.3), once.
func linkCancellation(ctx context.Context, tx conn, c complaint.Complaint, cancellationID int64) error {
	res, err := tx.exec(ctx, `UPDATE cancellations SET complaint_id = ?, updated_at = ? WHERE id = ? AND complaint_id IS NULL`,
		c.ID, c.CreatedAt, cancellationID)
	if err != nil {
		return fmt.Errorf("link cancellation: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fault.New(fault.Conflict, "err.cancellation.linked")
	}
	return nil
}
