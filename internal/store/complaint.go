package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/member"
)

const complaintColumns = `c.id, c.reference, c.status, c.channel, c.category, c.department, COALESCE(c.team, ''), COALESCE(c.campaign, ''), COALESCE(c.agency, ''), c.concerns, c.language, c.description,
	c.member_number, c.name, c.address, c.postcode, c.city, c.email, c.phone,
	c.received_at, c.due_at, COALESCE(c.taken_by, 0), COALESCE(t.name, ''), COALESCE(c.assignee_id, 0), COALESCE(a.name, ''),
	c.expected_at, c.delay_notice_at, c.told_via, c.told_by, c.told_at, c.outcome, c.satisfied,
	c.handled_at, c.closed_at, c.created_at, c.updated_at, c.paused_at, c.paused_seconds, COALESCE(mi.reference, ''), c.answer_by,
	COALESCE(c.subject_user_id, 0)`

const complaintFrom = ` FROM complaints c
	LEFT JOIN users t ON t.id = c.taken_by
	LEFT JOIN users a ON a.id = c.assignee_id
	LEFT JOIN complaints mi ON mi.id = c.merged_into`

func scanComplaint(row interface{ Scan(...any) error }) (complaint.Complaint, error) {
	var c complaint.Complaint
	var status, concerns string
	var pausedSeconds int64
	p := &c.Complainant
	err := row.Scan(
		&c.ID,
		&c.Reference,
		&status,
		&c.Channel,
		&c.Category,
		&c.Department,
		&c.Team,
		&c.Campaign,
		&c.Agency,
		&concerns,
		&c.Language,
		&c.Description,
		&p.MemberNumber,
		&p.Name,
		&p.Address,
		&p.Postcode,
		&p.City,
		&p.Email,
		&p.Phone,
		timeCol{&c.ReceivedAt},
		timeCol{&c.DueAt},
		&c.TakenByID,
		&c.TakenByName,
		&c.AssigneeID,
		&c.AssigneeName,
		timeCol{
			&c.ExpectedAt,
		},
		timeCol{&c.DelayNoticeAt},
		&c.ToldVia,
		&c.ToldBy,
		timeCol{&c.ToldAt},
		&c.Outcome,
		&c.Satisfied,
		timeCol{
			&c.HandledAt,
		},
		timeCol{&c.ClosedAt},
		timeCol{&c.CreatedAt},
		timeCol{&c.UpdatedAt},
		timeCol{&c.PausedAt},
		&pausedSeconds,
		&c.MergedInto,
		&c.AnswerBy,
		&c.SubjectUserID,
	)
	c.Status, c.Concerns = complaint.Status(status), complaint.Concerns(concerns)
	c.PausedFor = time.Duration(pausedSeconds) * time.Second
	return c, err
}

// CreateOptions say how a new complaint is numbered and deduplicated.
type CreateOptions struct {
	ReferencePrefix string
	ReferenceYear   int
	// IdempotencyKey, when set, makes a retried create by the same user
	// return the first complaint. RequestHash tells a true retry from a
	// different request that reuses the key by mistake.
	IdempotencyKey string
	RequestHash    string
	// Compose, when set, makes the messages the registration sends (the
	// acknowledgement), once the complaint has its reference.
	Compose func(c complaint.Complaint) []complaint.Outgoing
	// Attach are files that came with the complaint.
	Attach []complaint.Attachment
	// StatusLinkHash, when set, stores a link to the complainant's status
	// page (the web form's confirmation page uses it).
	StatusLinkHash string
	// Mail is the e-mail the complaint came in by.
	Mail *complaint.IncomingMail
	// EventData is added to the registration's timeline entry.
	EventData map[string]any
	// Notify lists the staff told of the new complaint (a complaint
	// forwarded while it is registered reaches the coordinator's bell).
	Notify []int64
	// Cancellation links the complaint to the cancellation it was behind
	// (P6.3); the link is made in the same transaction, once.
	Cancellation int64
}

// CreateComplaint stores c with the next reference of the year and its
// registration event, in one transaction. replayed is true when the
// idempotency key had been used for this request before.
func (s *Store) CreateComplaint(
	ctx context.Context,
	c complaint.Complaint,
	opt CreateOptions,
) (out complaint.Complaint, replayed bool, err error) {
	for attempt := 0; ; attempt++ {
		out, replayed, err = s.createComplaint(ctx, c, opt)
		// Two requests with one new key can race past the lookup; the loser
		// fails on the key's primary key and, retried, finds the winner.
		if err != nil && opt.IdempotencyKey != "" && isUniqueViolation(err) && attempt == 0 {
			continue
		}
		if err != nil {
			return out, false, fmt.Errorf("create complaint: %w", err)
		}
		return out, replayed, nil
	}
}

func (s *Store) complaintWhere(ctx context.Context, c conn, cond string, args ...any) (complaint.Complaint, error) {
	out, err := s.complaintRow(ctx, c, cond, args...)
	if err != nil {
		return out, err
	}
	if out.Representative, err = representativeOf(ctx, c, out.ID); err != nil {
		return out, err
	}
	return out, nil
}

// complaintRow is complaintWhere without the representative: for a
// complaint just registered, which has none, read back on the creates'
// hot path without another round trip.
func (s *Store) complaintRow(ctx context.Context, c conn, cond string, args ...any) (complaint.Complaint, error) {
	out, err := scanComplaint(c.queryRow(ctx, `SELECT `+complaintColumns+complaintFrom+` WHERE `+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return out, fault.New(fault.NotFound, "err.complaint.not_found")
	}
	if err != nil {
		return out, fmt.Errorf("read complaint: %w", err)
	}
	return out, nil
}

// scoped narrows cond to the complaints the context's reader may see; a
// complaint out of sight is not found, as if it did not exist.
func scoped(ctx context.Context, cond string, args []any) (string, []any, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return "", nil, err
	}
	extra, a := sc.cond()
	if extra == "" {
		return cond, args, nil
	}
	return cond + " AND " + extra, append(append([]any{}, args...), a...), nil
}

// redacted is c as the context's reader may see it; scoped has checked
// that there is a scope.
func redacted(ctx context.Context, c complaint.Complaint) complaint.Complaint {
	if sc, err := scopeOf(ctx); err == nil {
		sc.redact(&c)
	}
	return c
}

// Complaint returns the complaint with this reference, as far as the
// context's scope shows it.
func (s *Store) Complaint(ctx context.Context, reference string) (complaint.Complaint, error) {
	if !complaint.LooksLikeReference(reference) {
		return complaint.Complaint{}, fault.New(fault.NotFound, "err.complaint.not_found")
	}
	cond, args, err := scoped(ctx, "c.reference = ?", []any{reference})
	if err != nil {
		return complaint.Complaint{}, err
	}
	c, err := s.complaintWhere(ctx, s.byKey(), cond, args...)
	return redacted(ctx, c), err
}

// Change is a domain function applied to a complaint under lock: it returns
// the new state and the events to append. Returning no events and an
// unchanged complaint writes nothing.
type Change func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error)

// UpdateComplaint applies change to the complaint with this reference in
// one transaction, so concurrent changes serialise and the timeline always
// matches the state.
func (s *Store) UpdateComplaint(ctx context.Context, reference string, change Change) (complaint.Complaint, error) {
	if !complaint.LooksLikeReference(reference) {
		return complaint.Complaint{}, fault.New(fault.NotFound, "err.complaint.not_found")
	}
	var out complaint.Complaint
	err := s.inTx(ctx, func(tx conn) error {
		lock := s.dialect.forUpdate("c")
		// Only a complaint in sight is changed; the change sees all of it
		// (a redacted copy written back would erase what was hidden).
		cond, args, err := scoped(ctx, "c.reference = ?", []any{reference})
		if err != nil {
			return err
		}
		cur, err := s.complaintWhere(ctx, tx, cond+lock, args...)
		if err != nil {
			return err
		}
		next, events, err := change(cur)
		if err != nil {
			return err
		}
		if len(events) == 0 {
			out = cur
			return nil
		}
		if err := saveComplaint(ctx, tx, cur.ID, next); err != nil {
			return err
		}
		if next.Complainant.Phone != cur.Complainant.Phone {
			if err := reindexPhone(ctx, tx, cur.ID, next.Complainant.Phone); err != nil {
				return err
			}
		}
		if err := appendEvents(ctx, tx, cur.ID, events...); err != nil {
			return err
		}
		out, err = s.complaintWhere(ctx, tx, "c.id = ?", cur.ID)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("update complaint %s: %w", reference, err)
	}
	return redacted(ctx, out), nil
}

// saveComplaint writes a complaint's state as a domain function left it:
// every change to a complaint after its registration goes through here.
func saveComplaint(ctx context.Context, tx conn, id int64, next complaint.Complaint) error {
	p := next.Complainant
	if _, err := tx.exec(ctx, `UPDATE complaints SET status = ?, channel = ?, category = ?, department = ?, team = ?, campaign = ?, agency = ?, concerns = ?,
		language = ?, description = ?, member_number = ?, name = ?, address = ?, postcode = ?, city = ?, email = ?, phone = ?,
		received_at = ?, due_at = ?, assignee_id = ?, expected_at = ?, delay_notice_at = ?,
		told_via = ?, told_by = ?, told_at = ?, outcome = ?, satisfied = ?,
		handled_at = ?, closed_at = ?, updated_at = ?, paused_at = ?, paused_seconds = ?,
		answer_by = ?, merged_into = (SELECT m.id FROM complaints m WHERE m.reference = ?) WHERE id = ?`,
		string(next.Status), next.Channel, next.Category, next.Department, nullString(next.Team), nullString(next.Campaign), nullString(next.Agency), string(next.Concerns),
		next.Language, next.Description, p.MemberNumber, p.Name, p.Address, p.Postcode, p.City, p.Email, p.Phone,
		next.ReceivedAt, next.DueAt, nullID(next.AssigneeID), nullTime(next.ExpectedAt), nullTime(next.DelayNoticeAt),
		next.ToldVia, next.ToldBy, nullTime(next.ToldAt), next.Outcome, next.Satisfied,
		nullTime(next.HandledAt), nullTime(next.ClosedAt),
		next.UpdatedAt, nullTime(next.PausedAt), int64(next.PausedFor/time.Second), next.AnswerBy, next.MergedInto, id); err != nil {
		return fmt.Errorf("update complaint %s: %w", next.Reference, err)
	}
	return nil
}

// Timeline returns a complaint's events, oldest first.
func (s *Store) Timeline(ctx context.Context, complaintID int64) ([]complaint.Event, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	// A merged duplicate's events join the timeline of the complaint it
	// was merged into, marked with where they came from.
	rows, err := s.reader().query(ctx, `SELECT e.id, e.at, COALESCE(e.actor_id, 0), COALESCE(u.name, ''), e.kind, e.data,
		CASE WHEN e.complaint_id = ? THEN '' ELSE d.reference END
		FROM complaint_events e LEFT JOIN users u ON u.id = e.actor_id JOIN complaints d ON d.id = e.complaint_id
		WHERE e.complaint_id IN (SELECT id FROM complaints WHERE id = ? OR merged_into = ?) ORDER BY e.id`,
		complaintID, complaintID, complaintID)
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	defer rows.Close()
	var events []complaint.Event
	for rows.Next() {
		e := complaint.Event{ComplaintID: complaintID}
		var kind string
		var data []byte
		if err := rows.Scan(&e.ID, timeCol{&e.At}, &e.ActorID, &e.ActorName, &kind, &data, &e.From); err != nil {
			return nil, fmt.Errorf("timeline: %w", err)
		}
		e.Kind = complaint.EventKind(kind)
		if err := json.Unmarshal(data, &e.Data); err != nil {
			return nil, fmt.Errorf("timeline event %d: %w", e.ID, err)
		}
		sc.redactEvent(&e)
		events = append(events, e)
	}
	return events, rows.Err()
}

// LatestComplainant returns the details last registered for a member
// number, so the register form can fill name and address (P4.7).
func (s *Store) LatestComplainant(ctx context.Context, memberNumber string) (complaint.Complainant, error) {
	var p complaint.Complainant
	sc, err := scopeOf(ctx)
	if err != nil {
		return p, err
	}
	// Only from complaints the reader may see: anything else would tell a
	// name from outside their need to know (AVG art. 5(1)(c)).
	cond, args, err := scoped(ctx, "c.member_number = ?", []any{memberNumber})
	if err != nil {
		return p, err
	}
	err = s.reader().queryRow(ctx, `SELECT c.member_number, c.name, c.address, c.postcode, c.city, c.email, c.phone
		FROM complaints c WHERE `+cond+` ORDER BY c.created_at DESC, c.id DESC LIMIT 1`, args...).
		Scan(&p.MemberNumber, &p.Name, &p.Address, &p.Postcode, &p.City, &p.Email, &p.Phone)
	if errors.Is(err, sql.ErrNoRows) {
		return complaint.Complainant{}, fault.New(fault.NotFound, "err.member.not_found")
	}
	if err != nil {
		return p, fmt.Errorf("latest complainant: %w", err)
	}
	if !sc.Contact {
		p.Address, p.Postcode, p.City, p.Email, p.Phone = "", "", "", "", ""
	}
	return p, nil
}

// refYear is the year a reference is numbered in: the registration year in
// the organisation's time zone.
func RefYear(createdAt time.Time, loc *time.Location) int { return createdAt.In(loc).Year() }

// VisibleReferences says which of refs name complaints the context's
// reader may see, so a page links only what it can open.
func (s *Store) VisibleReferences(ctx context.Context, refs []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(refs) == 0 {
		return out, nil
	}
	uniq := map[string]bool{}
	args := []any{}
	for _, r := range refs {
		if !uniq[r] {
			uniq[r] = true
			args = append(args, r)
		}
	}
	cond, args, err := scoped(ctx, "c.reference IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")+")", args)
	if err != nil {
		return nil, err
	}
	rows, err := s.reader().query(ctx, `SELECT c.reference FROM complaints c WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("visible references: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return nil, fmt.Errorf("visible references: %w", err)
		}
		out[ref] = true
	}
	return out, rows.Err()
}

// PhoneCountry is the calling code national phone numbers are written
// with as E.164: one country for the process, set by serve
// from --phone-country before the first write.
var PhoneCountry = "31"

// indexPhones writes the E.164 of the complaints' phones;
// a phone that is no number is left out.
func indexPhones(ctx context.Context, tx conn, cs ...complaint.Complaint) error {
	var rows [][]any
	for _, c := range cs {
		if e := member.E164(c.Complainant.Phone, PhoneCountry); e != "" {
			rows = append(rows, []any{c.ID, e})
		}
	}
	return insertRows(ctx, tx, "complaint_phones", []string{"complaint_id", "e164"}, rows, "", nil)
}

// reindexPhone writes a changed phone's E.164.
func reindexPhone(ctx context.Context, tx conn, id int64, phone string) error {
	if _, err := tx.exec(ctx, `DELETE FROM complaint_phones WHERE complaint_id = ?`, id); err != nil {
		return fmt.Errorf("index phone: %w", err)
	}
	return indexPhones(ctx, tx, complaint.Complaint{ID: id, Complainant: complaint.Complainant{Phone: phone}})
}

// phonesIndexedKey is the settings key of the last complaint id whose
// phone the phone-index job has seen.
const phonesIndexedKey = "phones_indexed_upto"

// IndexPhones writes the E.164 of up to batch complaints' phones from
// before they were kept, past the id it reached the time before, and says
// how many complaints it read: 0 when all are done. It reads complaints
// and writes only complaint_phones, so their reports stay as kept.
func (s *Store) IndexPhones(ctx context.Context, batch int) (int, error) {
	var n int
	err := s.inTx(ctx, func(c conn) error {
		var upto int64
		var v string
		err := c.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, phonesIndexedKey).Scan(&v)
		switch {
		case errors.Is(err, sql.ErrNoRows): // the first run: from the first complaint
		case err != nil:
			return err
		default:
			if upto, err = strconv.ParseInt(v, 10, 64); err != nil {
				return fmt.Errorf("setting %s: %w", phonesIndexedKey, err)
			}
		}
		// Complaints registered from now on index their own phones: the
		// newest id now bounds what this job has to see.
		var top int64
		if err := c.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM complaints`).Scan(&top); err != nil {
			return err
		}
		if upto >= top {
			return nil
		}
		cs, err := collect(ctx, c, func(r interface{ Scan(...any) error }) (complaint.Complaint, error) {
			var k complaint.Complaint
			return k, r.Scan(&k.ID, &k.Complainant.Phone)
		}, `SELECT c.id, c.phone FROM complaints c WHERE c.id > ? AND c.id <= ? AND c.phone <> ''
			AND NOT EXISTS (SELECT 1 FROM complaint_phones p WHERE p.complaint_id = c.id) ORDER BY c.id LIMIT ?`,
			upto, top, batch)
		if err != nil {
			return err
		}
		if err := indexPhones(ctx, c, cs...); err != nil {
			return err
		}
		// A short batch read every complaint up to top: the job is done up
		// to there, and the next run (every ten minutes, on every server)
		// reads nothing instead of the register from the last phone found.
		reached := top
		if len(cs) == batch {
			reached = cs[len(cs)-1].ID
		}
		n = len(cs)
		_, err = c.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, phonesIndexedKey, strconv.FormatInt(reached, 10))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("index phone numbers: %w", err)
	}
	return n, nil
}

// ComplainantsByPhone are the latest complainants (at most five, newest
// first, one per member number or name) whose phone is e164, from
// complaints the reader may see.
func (s *Store) ComplainantsByPhone(ctx context.Context, e164 string) ([]complaint.Complaint, error) {
	if e164 == "" {
		return nil, nil
	}
	cond, args, err := scoped(ctx, "c.id IN (SELECT complaint_id FROM complaint_phones WHERE e164 = ?)", []any{e164})
	if err != nil {
		return nil, err
	}
	cs, err := collect(ctx, s.reader(), scanComplaint, `SELECT `+complaintColumns+complaintFrom+` WHERE `+cond+
		` ORDER BY c.received_at DESC, c.id DESC LIMIT 20`, args...)
	if err != nil {
		return nil, fmt.Errorf("complainants by phone: %w", err)
	}
	var out []complaint.Complaint
	seen := map[string]bool{}
	for _, c := range cs {
		key := c.Complainant.MemberNumber + "|" + c.Complainant.Name
		if seen[key] || len(out) == 5 {
			continue
		}
		seen[key] = true
		out = append(out, redacted(ctx, c))
	}
	return out, nil
}
