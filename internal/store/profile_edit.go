package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/procedure"
)

// Administrators' edits of the profile: each is recorded with who and
// when, and moves the profile's version on, so every server reloads it.

// ProfileVersion returns the stored profile's version, which changes with
// every edit; servers compare it to know when to reload.
func (s *Store) ProfileVersion(ctx context.Context) (string, error) {
	var v string
	err := s.reader().queryRow(ctx, `SELECT value FROM settings WHERE key = 'profile_version'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("profile version: %w", err)
	}
	return v, nil
}

// recordProfileChange writes who changed what in the profile, and moves
// the profile's version on.
func recordProfileChange(
	ctx context.Context,
	c conn,
	actor int64,
	now time.Time,
	what string,
	data map[string]any,
) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	if _, err := c.exec(ctx, `INSERT INTO profile_changes (at, actor_id, what, data) VALUES (?, ?, ?, ?)`,
		now, nullID(actor), what, string(raw)); err != nil {
		return fmt.Errorf("record profile change: %w", err)
	}
	if _, err := c.exec(ctx, `INSERT INTO settings (key, value) VALUES ('profile_version', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, newVersion(now)); err != nil {
		return fmt.Errorf("bump profile version: %w", err)
	}
	return appendAudit(ctx, c, audit.Entry{At: now, Action: "profile." + what, Object: "profile"})
}

// newVersion makes a profile version unique even for two edits at the
// same instant (a test clock, or two servers).
func newVersion(now time.Time) string {
	b := make([]byte, 4)
	rand.Read(b)
	return strconv.FormatInt(now.UnixNano(), 10) + "-" + hex.EncodeToString(b)
}

// SetCategoryRoute changes where complaints of a category go (P5.3).
func (s *Store) SetCategoryRoute(ctx context.Context, category, department string, actor int64, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		var old string
		err := c.queryRow(ctx, `SELECT COALESCE(route_department, '') FROM categories WHERE key = ?`, category).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.InvalidField("category", "err.unknown_key", category)
		}
		if err != nil {
			return fmt.Errorf("route %s: %w", category, err)
		}
		if old == department {
			return nil
		}
		var n int
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM departments WHERE key = ?`, department).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fault.InvalidField("route."+category, "err.unknown_key", department)
		}
		if _, err := c.exec(ctx, `UPDATE categories SET route_department = ? WHERE key = ?`, department, category); err != nil {
			return fmt.Errorf("route %s: %w", category, err)
		}
		return recordProfileChange(
			ctx,
			c,
			actor,
			now,
			"route",
			map[string]any{"category": category, "from": old, "to": department},
		)
	})
}

// SaveCampaign adds a campaign or changes its labels and head.
func (s *Store) SaveCampaign(ctx context.Context, cp procedure.Campaign, actor int64, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		if cp.HeadUserID != 0 {
			var active bool
			err := c.queryRow(ctx, `SELECT active FROM users WHERE id = ?`, cp.HeadUserID).Scan(&active)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
				return fault.InvalidField("head", "err.user.not_found")
			}
			if err != nil {
				return err
			}
		}
		var pos int
		if err := c.queryRow(ctx, `SELECT COALESCE(MAX(position), -1) + 1 FROM campaigns`).Scan(&pos); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO campaigns (key, label_nl, label_en, head_user_id, position) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET label_nl = excluded.label_nl, label_en = excluded.label_en, head_user_id = excluded.head_user_id`,
			cp.Key, cp.Label.NL, cp.Label.EN, nullID(cp.HeadUserID), pos); err != nil {
			return fmt.Errorf("save campaign %s: %w", cp.Key, err)
		}
		return recordProfileChange(ctx, c, actor, now, "campaign", map[string]any{
			"key": cp.Key, "label_nl": cp.Label.NL, "label_en": cp.Label.EN, "head_user_id": cp.HeadUserID})
	})
}

// ItemList names a profile list an administrator adds to and renames in:
// its table, and what the profile's change log calls an entry.
type ItemList struct{ table, what string }

var (
	// Agencies are the fundraising agencies complaints can name.
	Agencies = ItemList{"agencies", "agency"}
	// Labels are the profile's labels of a complaint.
	Labels = ItemList{"labels", "label"}
)

// SaveItem adds an entry to list or renames one (checked by the caller).
func (s *Store) SaveItem(ctx context.Context, list ItemList, it procedure.Item, actor int64, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		var pos int
		if err := c.queryRow(ctx, `SELECT COALESCE(MAX(position), -1) + 1 FROM `+list.table).Scan(&pos); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO `+list.table+` (key, label_nl, label_en, position) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET label_nl = excluded.label_nl, label_en = excluded.label_en`,
			it.Key, it.Label.NL, it.Label.EN, pos); err != nil {
			return fmt.Errorf("save %s %s: %w", list.what, it.Key, err)
		}
		return recordProfileChange(ctx, c, actor, now, list.what,
			map[string]any{"key": it.Key, "label_nl": it.Label.NL, "label_en": it.Label.EN})
	})
}

// SaveElsewhere adds an entry of the "no complaint" list or changes one
// (checked by procedure.Elsewhere.Normalize).
func (s *Store) SaveElsewhere(ctx context.Context, e procedure.Elsewhere, actor int64, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		var pos int
		if err := c.queryRow(ctx, `SELECT COALESCE(MAX(position), -1) + 1 FROM elsewhere`).Scan(&pos); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO elsewhere (key, label_nl, label_en, text_nl, text_en, url_nl, url_en, position)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET label_nl = excluded.label_nl, label_en = excluded.label_en,
				text_nl = excluded.text_nl, text_en = excluded.text_en, url_nl = excluded.url_nl, url_en = excluded.url_en`,
			e.Key, e.Label.NL, e.Label.EN, e.Text.NL, e.Text.EN, e.URL.NL, e.URL.EN, pos); err != nil {
			return fmt.Errorf("save elsewhere %s: %w", e.Key, err)
		}
		return recordProfileChange(ctx, c, actor, now, "elsewhere", map[string]any{"key": e.Key, "label_nl": e.Label.NL,
			"label_en": e.Label.EN, "url_nl": e.URL.NL, "url_en": e.URL.EN})
	})
}

// RemoveElsewhere takes an entry off the "no complaint" list.
func (s *Store) RemoveElsewhere(ctx context.Context, key string, actor int64, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		var label string
		if err := c.queryRow(ctx, `SELECT label_nl FROM elsewhere WHERE key = ?`, key).Scan(&label); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fault.New(fault.NotFound, "err.not_found")
			}
			return fmt.Errorf("remove elsewhere %s: %w", key, err)
		}
		if _, err := c.exec(ctx, `DELETE FROM elsewhere WHERE key = ?`, key); err != nil {
			return fmt.Errorf("remove elsewhere %s: %w", key, err)
		}
		return recordProfileChange(ctx, c, actor, now, "elsewhere_removed", map[string]any{"key": key, "label_nl": label})
	})
}

// ProfileChange is one audited edit of the profile.
type ProfileChange struct {
	At        time.Time
	ActorName string
	What      string
	Data      map[string]any
}

// ProfileChanges returns the latest edits of the profile, newest first.
func (s *Store) ProfileChanges(ctx context.Context, limit int) ([]ProfileChange, error) {
	rows, err := s.reader().query(ctx, `SELECT p.at, COALESCE(u.name, ''), p.what, p.data FROM profile_changes p
		LEFT JOIN users u ON u.id = p.actor_id ORDER BY p.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("profile changes: %w", err)
	}
	defer rows.Close()
	var out []ProfileChange
	for rows.Next() {
		var pc ProfileChange
		var data []byte
		if err := rows.Scan(timeCol{&pc.At}, &pc.ActorName, &pc.What, &data); err != nil {
			return nil, fmt.Errorf("profile changes: %w", err)
		}
		if err := json.Unmarshal(data, &pc.Data); err != nil {
			return nil, fmt.Errorf("profile change data: %w", err)
		}
		out = append(out, pc)
	}
	return out, rows.Err()
}

// SetTerms stores the terms an administrator set (procedure.TermKeys: the
// handling term, its reminder, the board's term, P5.4 and P8.2, and the
// settings beside them), after procedure.Profile.ValidateTerms. New
// complaints get the new term; registered ones keep theirs.
func (s *Store) SetTerms(ctx context.Context, p procedure.Profile, actor int64, now time.Time) error {
	if err := p.ValidateTerms(); err != nil {
		return err
	}
	all := p.Settings()
	changed := map[string]any{}
	return s.inTx(ctx, func(c conn) error {
		for _, k := range procedure.TermKeys {
			if _, err := c.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, all[k]); err != nil {
				return fmt.Errorf("set %s: %w", k, err)
			}
			changed[k] = all[k]
		}
		return recordProfileChange(ctx, c, actor, now, "terms", changed)
	})
}

// ApplyProfile installs p (a shipped profile applied to the current one)
// with its message texts on a register that holds no complaints yet: the
// settings, the departments, categories, roles, outcomes and labels, and
// the templates, in one transaction; campaigns and agencies of the old
// procedure go.
func (s *Store) ApplyProfile(ctx context.Context, name string, p procedure.Profile, templates []SavedTemplate,
	actor int64, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		var n int
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM complaints LIMIT 1) x`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fault.New(fault.Conflict, "err.profile.not_empty")
		}
		for k, v := range p.Settings() {
			if _, err := c.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return fmt.Errorf("set %s: %w", k, err)
			}
		}
		// Staff keep their accounts; a department the new procedure lacks
		// is no longer theirs.
		keys := make([]any, len(p.Departments))
		for i, d := range p.Departments {
			keys[i] = d.Key
		}
		in, _ := inList(keys)
		if _, err := c.exec(ctx, `UPDATE users SET department = NULL WHERE department IS NOT NULL AND department NOT IN `+in,
			keys...); err != nil {
			return fmt.Errorf("staff departments: %w", err)
		}
		for _, table := range []string{"categories", "departments", "outcomes", "labels", "campaigns", "agencies"} {
			if _, err := c.exec(ctx, `DELETE FROM `+table); err != nil {
				return fmt.Errorf("clear %s: %w", table, err)
			}
		}
		// The roles are klacht's own; a profile names them its way.
		for i, it := range p.Roles {
			if _, err := c.exec(ctx, `INSERT INTO roles (key, label_nl, label_en, position) VALUES (?, ?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET label_nl = excluded.label_nl, label_en = excluded.label_en`,
				it.Key, it.Label.NL, it.Label.EN, i); err != nil {
				return fmt.Errorf("role %s: %w", it.Key, err)
			}
		}
		if err := insertItems(ctx, c, map[string][]procedure.Item{"departments": p.Departments, "labels": p.Labels}); err != nil {
			return err
		}
		if err := insertCategories(ctx, c, p.Categories); err != nil {
			return err
		}
		if err := seedOutcomes(ctx, c, p.Outcomes); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM message_templates`); err != nil {
			return err
		}
		for _, t := range templates {
			if _, err := c.exec(ctx, `INSERT INTO message_templates (kind, lang, subject, body, updated_at, updated_by)
				VALUES (?, ?, ?, ?, ?, ?)`, t.Kind, t.Lang, t.Subject, t.Body, now, nullID(actor)); err != nil {
				return fmt.Errorf("template %s/%s: %w", t.Kind, t.Lang, err)
			}
		}
		return recordProfileChange(ctx, c, actor, now, "profile", map[string]any{"name": name})
	})
}

// EmptyRegister reports whether the register holds no complaints yet.
func (s *Store) EmptyRegister(ctx context.Context) (bool, error) {
	var n int
	if err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM complaints LIMIT 1) x`).Scan(&n); err != nil {
		return false, fmt.Errorf("register empty: %w", err)
	}
	return n == 0, nil
}
