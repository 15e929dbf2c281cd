package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/member"
)

// The member file (P4.1): the membership administration's export of its
// members, looked up by member number at registration and by phone number
// when a member calls.

var memberCols = []string{"member_number", "name", "address", "postcode", "city", "email", "phone", "phone_e164",
	"source", "updated_at"}

// ReplaceMembers stores rs as everything source knows of members, in one
// transaction: members source held before and rs does not are removed (a
// member who left is no longer on file), and a member number another
// source holds is taken over. before is how many source held.
func (s *Store) ReplaceMembers(
	ctx context.Context,
	source, country string,
	rs []member.Record,
	now time.Time,
) (before int, err error) {
	err = s.inTx(ctx, func(c conn) error {
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM members WHERE source = ?`, source).Scan(&before); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM members WHERE source = ?`, source); err != nil {
			return err
		}
		rows := make([][]any, len(rs))
		for i, r := range rs {
			rows[i] = []any{r.MemberNumber, r.Name, r.Address, r.Postcode, r.City, r.Email, r.Phone,
				member.E164(r.Phone, country), source, now}
		}
		// A member number another source held is this source's now.
		for _, part := range chunks(rs, 500) {
			nrs := make([]string, len(part))
			for i, r := range part {
				nrs[i] = r.MemberNumber
			}
			in, args := inList(nrs)
			if _, err := c.exec(ctx, `DELETE FROM members WHERE member_number IN `+in, args...); err != nil {
				return err
			}
		}
		if err := insertRows(ctx, c, "members", memberCols, rows, "", nil); err != nil {
			return err
		}
		return appendAudit(ctx, c, audit.Entry{At: now, Action: "member.imported", Object: "source:" + source,
			Detail: fmt.Sprintf("%d members, %d before", len(rs), before)})
	})
	if err != nil {
		return 0, fmt.Errorf("import members: %w", err)
	}
	return before, nil
}

// Member is the member file's record of member number nr, and when it was
// brought in; ok is false when the file does not hold them.
func (s *Store) Member(ctx context.Context, nr string) (r member.Record, updated time.Time, ok bool, err error) {
	err = s.reader().queryRow(ctx, `SELECT member_number, name, address, postcode, city, email, phone, updated_at
		FROM members WHERE member_number = ?`, nr).Scan(&r.MemberNumber, &r.Name, &r.Address, &r.Postcode, &r.City,
		&r.Email, &r.Phone, timeCol{&updated})
	if errors.Is(err, sql.ErrNoRows) {
		return r, updated, false, nil
	}
	if err != nil {
		return r, updated, false, fmt.Errorf("member %s: %w", nr, err)
	}
	return r, updated, true, nil
}

// MembersByPhone are the members whose phone is e164, at most five.
func (s *Store) MembersByPhone(ctx context.Context, e164 string) ([]member.Record, error) {
	if e164 == "" {
		return nil, nil
	}
	rs, err := collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (member.Record, error) {
		var m member.Record
		return m, r.Scan(&m.MemberNumber, &m.Name, &m.Address, &m.Postcode, &m.City, &m.Email, &m.Phone)
	}, `SELECT member_number, name, address, postcode, city, email, phone FROM members
		WHERE phone_e164 = ? ORDER BY member_number LIMIT 5`, e164)
	if err != nil {
		return nil, fmt.Errorf("members by phone: %w", err)
	}
	return rs, nil
}

// CountMembers is how many members source holds.
func (s *Store) CountMembers(ctx context.Context, source string) (int, error) {
	var n int
	if err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM members WHERE source = ?`, source).Scan(&n); err != nil {
		return 0, fmt.Errorf("count members: %w", err)
	}
	return n, nil
}
