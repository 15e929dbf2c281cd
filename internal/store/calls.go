package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/call"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/member"
)

// The caller log (P3.1): call events from the telephony system, one row
// per call.

const callColumns = `k.id, k.call_id, k.direction, k.from_number, k.to_number, k.agent, k.state, k.cause,
	k.member_number, k.caller_name, k.callers, COALESCE(k.complaint_id, 0), COALESCE(c.reference, ''),
	k.started_at, k.answered_at, k.ended_at`

const callFrom = ` FROM calls k LEFT JOIN complaints c ON c.id = k.complaint_id`

func scanCall(r interface{ Scan(...any) error }) (call.Call, error) {
	var c call.Call
	err := r.Scan(&c.ID, &c.CallID, &c.Direction, &c.From, &c.To, &c.Agent, &c.State, &c.Cause, &c.MemberNumber,
		&c.CallerName, &c.Callers, &c.ComplaintID, &c.Reference, timeCol{&c.StartedAt}, timeCol{&c.AnsweredAt},
		timeCol{&c.EndedAt})
	return c, err
}

// Recognised is who a caller's number names: the one member or
// complainant using it, or how many do.
type Recognised struct {
	MemberNumber, Name string
	Callers            int
}

// RecordCallEvent writes a call event: a new call is added (with who the
// number names), an answer or a hang-up moves it on. An event for a call
// the log does not have yet (its first event was lost) adds it. An event
// never moves a call back: a late "answered" after the hang-up is kept out.
func (s *Store) RecordCallEvent(ctx context.Context, e call.Event, who Recognised, now time.Time) (call.Call, error) {
	var out call.Call
	err := s.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO calls (call_id, direction, from_number, to_number, from_e164, agent, state,
			member_number, caller_name, callers, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (call_id) DO NOTHING`, e.CallID, e.Direction, e.From, e.To,
			member.E164(e.From, PhoneCountry), e.Agent, e.State(), who.MemberNumber, who.Name, who.Callers, now)
		if err != nil {
			return err
		}
		switch e.Kind {
		case "answered":
			_, err = c.exec(ctx, `UPDATE calls SET state = 'answered', answered_at = ?,
				agent = CASE WHEN ? <> '' THEN ? ELSE agent END WHERE call_id = ? AND state = 'ringing'`,
				now, e.Agent, e.Agent, e.CallID)
		case "hangup":
			_, err = c.exec(ctx, `UPDATE calls SET state = 'ended', ended_at = ?, cause = ? WHERE call_id = ? AND state <> 'ended'`,
				now, e.Cause, e.CallID)
		}
		if err != nil {
			return err
		}
		out, err = scanCall(c.queryRow(ctx, `SELECT `+callColumns+callFrom+` WHERE k.call_id = ?`, e.CallID))
		return err
	})
	if err != nil {
		return out, fmt.Errorf("call event: %w", err)
	}
	return out, nil
}

// CallLog is the calls started since, newest first, at most limit.
func (s *Store) CallLog(ctx context.Context, since time.Time, limit int) ([]call.Call, error) {
	cs, err := collect(ctx, s.reader(), scanCall, `SELECT `+callColumns+callFrom+
		` WHERE k.started_at >= ? ORDER BY k.started_at DESC, k.id DESC LIMIT ?`, since, limit)
	if err != nil {
		return nil, fmt.Errorf("calls: %w", err)
	}
	return cs, nil
}

// ErrCallNotFound is a call the log does not have.
var ErrCallNotFound = fault.New(fault.NotFound, "err.call.not_found")

// CallByID is one call of the log.
func (s *Store) CallByID(ctx context.Context, id int64) (call.Call, error) {
	c, err := scanCall(s.reader().queryRow(ctx, `SELECT `+callColumns+callFrom+` WHERE k.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrCallNotFound
	}
	return c, err
}

// LinkCall records that call id was registered as complaint ref.
func (s *Store) LinkCall(ctx context.Context, id int64, ref string) error {
	return s.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `UPDATE calls SET complaint_id = (SELECT id FROM complaints WHERE reference = ?)
			WHERE id = ? AND complaint_id IS NULL`, ref, id)
		return err
	})
}
