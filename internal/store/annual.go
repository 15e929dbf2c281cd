package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/webhook"
)

// MaxAnnualText bounds the edited text of a yearly summary.
const MaxAnnualText = 20_000

// AnnualDraft is a yearly summary as its editor left it (R1–R4).
type AnnualDraft struct {
	Year        int
	Lang        string
	Body        string // the adjusted text; empty: the text written from the data
	EditedBy    string
	EditedAt    time.Time
	Snapshot    []byte // what was published, as JSON; nil until published
	PublishedBy string
	PublishedAt time.Time
}

// Published reports whether the summary is out.
func (d AnnualDraft) Published() bool { return !d.PublishedAt.IsZero() }

// AnnualDraft returns the year's summary in lang as edited; a summary
// nobody touched is returned empty.
func (s *Store) AnnualDraft(ctx context.Context, year int, lang string) (AnnualDraft, error) {
	d := AnnualDraft{Year: year, Lang: lang}
	var snap sql.NullString
	err := s.reader().
		queryRow(ctx, `SELECT a.body, COALESCE(e.name, ''), a.edited_at, a.snapshot, COALESCE(p.name, ''), a.published_at
		FROM annual_reports a LEFT JOIN users e ON e.id = a.edited_by LEFT JOIN users p ON p.id = a.published_by
		WHERE a.year = ? AND a.lang = ?`, year, lang).
		Scan(&d.Body, &d.EditedBy, timeCol{&d.EditedAt}, &snap, &d.PublishedBy, timeCol{&d.PublishedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return d, nil
	}
	if err != nil {
		return d, fmt.Errorf("annual summary %d %s: %w", year, lang, err)
	}
	if snap.Valid {
		d.Snapshot = []byte(snap.String)
	}
	return d, nil
}

// SaveAnnualText stores the editor's text; an empty text returns to the
// one written from the data. A published summary is not edited: it is
// withdrawn first.
func (s *Store) SaveAnnualText(ctx context.Context, year int, lang, body string, by int64, now time.Time) error {
	body = strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(body, "\r\n", "\n"), "\uFFFD"))
	if n := utf8.RuneCountInString(body); n > MaxAnnualText {
		return fault.InvalidField("text", "err.too_long", MaxAnnualText)
	}
	err := s.inTx(ctx, func(c conn) error {
		var published sql.NullString
		err := c.queryRow(ctx, `SELECT CAST(published_at AS TEXT) FROM annual_reports WHERE year = ? AND lang = ?`, year, lang).
			Scan(&published)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if published.Valid {
			return fault.New(fault.Conflict, "err.annual.published")
		}
		if _, err = c.exec(ctx, `INSERT INTO annual_reports (year, lang, body, edited_by, edited_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (year, lang) DO UPDATE SET body = excluded.body, edited_by = excluded.edited_by, edited_at = excluded.edited_at`,
			year, lang, body, by, now); err != nil {
			return err
		}
		return appendAudit(
			ctx,
			c,
			audit.Entry{At: now, Action: "annual.text_saved", Object: fmt.Sprintf("annual:%d/%s", year, lang)},
		)
	})
	if err != nil {
		return fmt.Errorf("save annual text %d %s: %w", year, lang, err)
	}
	return nil
}

// PublishAnnual freezes the summary as snapshot; publishing twice is a
// conflict, so what the public read stays what was published.
func (s *Store) PublishAnnual(
	ctx context.Context,
	year int,
	lang string,
	snapshot []byte,
	by int64,
	now time.Time,
) error {
	return s.PublishAnnuals(ctx, year, map[string][]byte{lang: snapshot}, by, now)
}

// PublishAnnuals publishes the year's summary in several languages at
// once, all or none: a reader never finds one language public and the
// other missing.
func (s *Store) PublishAnnuals(
	ctx context.Context,
	year int,
	snapshots map[string][]byte,
	by int64,
	now time.Time,
) error {
	langs := make([]string, 0, len(snapshots))
	for l := range snapshots {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	err := s.inTx(ctx, func(c conn) error {
		for _, lang := range langs {
			if _, err := c.exec(ctx, `INSERT INTO annual_reports (year, lang) VALUES (?, ?) ON CONFLICT (year, lang) DO NOTHING`, year, lang); err != nil {
				return err
			}
			res, err := c.exec(ctx, `UPDATE annual_reports SET snapshot = ?, published_by = ?, published_at = ?
				WHERE year = ? AND lang = ? AND published_at IS NULL`, string(snapshots[lang]), by, now, year, lang)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fault.New(fault.Conflict, "err.annual.published")
			}
			if err := appendAudit(ctx, c, audit.Entry{At: now, Action: "annual.published", Object: fmt.Sprintf("annual:%d/%s", year, lang)}); err != nil {
				return err
			}
		}
		// The summary is public (R1): every endpoint may hear of it.
		return tellWebhooks(ctx, c, webhookMessage{Type: webhook.SummaryPublished, Subject: fmt.Sprint("summary ", year),
			At: now, Data: func(auth.Role) any {
				return map[string]any{"year": year, "languages": langs}
			}})
	})
	if err != nil {
		return fmt.Errorf("publish annual summary %d %v: %w", year, langs, err)
	}
	return nil
}

// WithdrawAnnual takes a published summary back, so it can be corrected.
func (s *Store) WithdrawAnnual(ctx context.Context, year int, lang string) error {
	err := s.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE annual_reports SET snapshot = NULL, published_by = NULL, published_at = NULL
			WHERE year = ? AND lang = ? AND published_at IS NOT NULL`, year, lang)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fault.New(fault.Conflict, "err.annual.not_published")
		}
		return appendAudit(ctx, c, audit.Entry{Action: "annual.withdrawn", Object: fmt.Sprintf("annual:%d/%s", year, lang)})
	})
	if err != nil {
		return fmt.Errorf("withdraw annual summary %d %s: %w", year, lang, err)
	}
	return nil
}
