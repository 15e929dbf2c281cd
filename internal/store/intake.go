package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// Attachments lists a complaint's files without their contents.
func (s *Store) Attachments(ctx context.Context, complaintID int64) ([]complaint.Attachment, error) {
	rows, err := s.reader().query(ctx, `SELECT id, filename, content_type, size, sha256, source, created_at
		FROM attachments WHERE complaint_id = ? ORDER BY id`, complaintID)
	if err != nil {
		return nil, fmt.Errorf("attachments: %w", err)
	}
	defer rows.Close()
	var out []complaint.Attachment
	for rows.Next() {
		var a complaint.Attachment
		if err := rows.Scan(&a.ID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, &a.Source, timeCol{&a.CreatedAt}); err != nil {
			return nil, fmt.Errorf("attachments: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Attachment returns one file of a complaint, contents included.
func (s *Store) Attachment(ctx context.Context, complaintID, id int64) (complaint.Attachment, error) {
	var a complaint.Attachment
	err := s.reader().queryRow(ctx, `SELECT id, filename, content_type, size, sha256, data, source, created_at
		FROM attachments WHERE complaint_id = ? AND id = ?`, complaintID, id).
		Scan(&a.ID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, &a.Data, &a.Source, timeCol{&a.CreatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return a, fault.New(fault.NotFound, "err.not_found")
	}
	if err != nil {
		return a, fmt.Errorf("attachment %d: %w", id, err)
	}
	return a, nil
}

// ComplaintByStatusLink returns the complaint a status link belongs to.
func (s *Store) ComplaintByStatusLink(ctx context.Context, tokenHash string) (complaint.Complaint, error) {
	return s.complaintWhere(
		ctx,
		s.reader(),
		`c.id = (SELECT complaint_id FROM status_links WHERE token_hash = ?)`,
		tokenHash,
	)
}

// AddStatusLink stores one more link to a complaint's status page.
func (s *Store) AddStatusLink(ctx context.Context, complaintID int64, tokenHash string, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO status_links (token_hash, complaint_id, created_at) VALUES (?, ?, ?)`, tokenHash, complaintID, now); err != nil {
			return fmt.Errorf("status link: %w", err)
		}
		return nil
	})
}
