package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// Four eyes before the final answer.

// Flags returns the flags of a complaint the caller has in sight.
func (s *Store) Flags(ctx context.Context, complaintID int64) ([]string, error) {
	return flagsOf(ctx, s.reader(), complaintID)
}

func flagsOf(ctx context.Context, c conn, complaintID int64) ([]string, error) {
	out, err := collect(ctx, c, func(r interface{ Scan(...any) error }) (string, error) {
		var f string
		return f, r.Scan(&f)
	}, `SELECT flag FROM complaint_flags WHERE complaint_id = ? ORDER BY flag`, complaintID)
	if err != nil {
		return nil, fmt.Errorf("flags: %w", err)
	}
	return out, nil
}

// SetFlags replaces the flags of the complaint with reference (checked by
// complaint.ValidFlags), recorded on its timeline as a change.
func (s *Store) SetFlags(ctx context.Context, reference string, flags []string, actor int64, now time.Time) error {
	return s.lockedChange(ctx, reference, func(tx conn, c complaint.Complaint) error {
		cur, err := flagsOf(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if strings.Join(cur, ",") == strings.Join(flags, ",") {
			return nil
		}
		if _, err := tx.exec(ctx, `DELETE FROM complaint_flags WHERE complaint_id = ?`, c.ID); err != nil {
			return err
		}
		for _, f := range flags {
			if _, err := tx.exec(ctx, `INSERT INTO complaint_flags (complaint_id, flag) VALUES (?, ?)`, c.ID, f); err != nil {
				return err
			}
		}
		return appendEvents(ctx, tx, c.ID, complaint.Event{At: now.UTC(), ActorID: actor, Kind: complaint.EventUpdated,
			Data: map[string]any{"changes": map[string]any{"flags": strings.Join(flags, ", ")}}})
	})
}

// lockedChange runs change on the complaint with reference, locked, if the
// reader has it in sight, in one transaction.
func (s *Store) lockedChange(ctx context.Context, reference string, change func(tx conn, c complaint.Complaint) error) error {
	if !complaint.LooksLikeReference(reference) {
		return fault.New(fault.NotFound, "err.complaint.not_found")
	}
	err := s.inTx(ctx, func(tx conn) error {
		cond, args, err := scoped(ctx, "c.reference = ?", []any{reference})
		if err != nil {
			return err
		}
		c, err := s.complaintWhere(ctx, tx, cond+s.dialect.forUpdate("c"), args...)
		if err != nil {
			return err
		}
		return change(tx, c)
	})
	if err != nil {
		return fmt.Errorf("complaint %s: %w", reference, err)
	}
	return nil
}

// OutcomeDraft returns the written outcome of a complaint waiting for
// approval, if there is one.
func (s *Store) OutcomeDraft(ctx context.Context, complaintID int64) (complaint.OutcomeDraft, bool, error) {
	return draftOf(ctx, s.reader(), complaintID)
}

func draftOf(ctx context.Context, c conn, complaintID int64) (complaint.OutcomeDraft, bool, error) {
	var d complaint.OutcomeDraft
	err := c.queryRow(ctx, `SELECT d.via, d.told_by, d.told_at, d.summary, d.satisfied, d.drafted_by, COALESCE(u.name, ''),
		d.drafted_at FROM outcome_drafts d LEFT JOIN users u ON u.id = d.drafted_by WHERE d.complaint_id = ?`, complaintID).Scan(
		&d.Via, &d.By, timeCol{&d.At}, &d.Summary, &d.Satisfied, &d.DraftedBy, &d.DraftedByName, timeCol{&d.DraftedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	if err != nil {
		return d, false, fmt.Errorf("outcome draft: %w", err)
	}
	return d, true, nil
}

// RequestApproval keeps the written outcome draft makes of the complaint
// (and its flags) for a second person, with its event; one waits at a time.
func (s *Store) RequestApproval(ctx context.Context, reference string,
	draft func(c complaint.Complaint, flags []string) (complaint.OutcomeDraft, complaint.Event, error)) error {
	return s.lockedChange(ctx, reference, func(tx conn, c complaint.Complaint) error {
		if _, waiting, err := draftOf(ctx, tx, c.ID); err != nil || waiting {
			if err == nil {
				err = fault.New(fault.Conflict, "err.approval.pending")
			}
			return err
		}
		flags, err := flagsOf(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		d, ev, err := draft(c, flags)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO outcome_drafts (complaint_id, via, told_by, told_at, summary, satisfied,
			drafted_by, drafted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, d.Via, d.By, nullTime(d.At), d.Summary, d.Satisfied,
			d.DraftedBy, d.DraftedAt); err != nil {
			return fmt.Errorf("keep draft: %w", err)
		}
		if _, err := tx.exec(ctx, `UPDATE complaints SET updated_at = ? WHERE id = ?`, ev.At, c.ID); err != nil {
			return err
		}
		return appendEvents(ctx, tx, c.ID, ev)
	})
}

// DecideApproval settles the draft waiting on the complaint: decide
// approves it (the complaint handled, its message sent) or sends it back
// (no change to the complaint); either way the draft is gone.
func (s *Store) DecideApproval(ctx context.Context, reference string,
	decide func(c complaint.Complaint, d complaint.OutcomeDraft) (complaint.Complaint, []complaint.Event, error)) error {
	return s.lockedChange(ctx, reference, func(tx conn, c complaint.Complaint) error {
		d, waiting, err := draftOf(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if !waiting {
			return fault.New(fault.Conflict, "err.approval.none")
		}
		next, events, err := decide(c, d)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM outcome_drafts WHERE complaint_id = ?`, c.ID); err != nil {
			return err
		}
		if err := saveComplaint(ctx, tx, c.ID, next); err != nil {
			return err
		}
		return appendEvents(ctx, tx, c.ID, events...)
	})
}

// WaitingApproval lists the complaints in sight whose outcome waits for
// approval, the longest waiting first.
func (s *Store) WaitingApproval(ctx context.Context, limit int) ([]complaint.Complaint, error) {
	cond, args, err := scoped(ctx, "c.id IN (SELECT complaint_id FROM outcome_drafts)", nil)
	if err != nil {
		return nil, err
	}
	out, err := collect(ctx, s.reader(), scanComplaint, `SELECT `+complaintColumns+complaintFrom+` WHERE `+cond+`
		ORDER BY c.updated_at, c.id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("waiting approval: %w", err)
	}
	for i := range out {
		out[i] = redacted(ctx, out[i])
	}
	return out, nil
}
