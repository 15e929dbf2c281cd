package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
)

// SeedProfile stores p unless a profile is already there; it reports
// whether it seeded. It runs on every start, so it must be cheap and safe
// when two servers start together.
func (s *Store) SeedProfile(ctx context.Context, p procedure.Profile) (bool, error) {
	seeded := false
	err := s.inTx(ctx, func(c conn) error {
		var v string
		err := c.queryRow(ctx, `SELECT value FROM settings WHERE key = 'seeded'`).Scan(&v)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// The 'seeded' row goes first: a second server seeding at the same
		// moment fails on its primary key and retries into the branch above.
		if _, err := c.exec(ctx, `INSERT INTO settings (key, value) VALUES ('seeded', '1')`); err != nil {
			return err
		}
		settings := p.Settings()
		for k, v := range settings {
			if _, err := c.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, k, v); err != nil {
				return err
			}
		}
		if err := insertItems(ctx, c, map[string][]procedure.Item{"departments": p.Departments, "channels": p.Channels,
			"roles": p.Roles, "cancellation_reasons": p.CancellationReasons, "cancellation_offers": p.CancellationOffers,
			"labels": p.Labels}); err != nil {
			return err
		}
		if err := insertCategories(ctx, c, p.Categories); err != nil {
			return err
		}
		if err := seedElsewhere(ctx, c, p.Elsewhere); err != nil {
			return err
		}
		if err := seedOutcomes(ctx, c, p.Outcomes); err != nil {
			return err
		}
		for i, cp := range p.Campaigns {
			if _, err := c.exec(ctx, `INSERT INTO campaigns (key, label_nl, label_en, head_user_id, position) VALUES (?, ?, ?, ?, ?)`,
				cp.Key, cp.Label.NL, cp.Label.EN, nullID(cp.HeadUserID), i); err != nil {
				return fmt.Errorf("campaign %s: %w", cp.Key, err)
			}
		}
		seeded = true
		return nil
	})
	if err != nil && isUniqueViolation(err) {
		return false, nil // another server seeded it first
	}
	if err != nil {
		return false, fmt.Errorf("seed profile: %w", err)
	}
	return seeded, nil
}

// LoadProfile reads the stored profile.
func (s *Store) LoadProfile(ctx context.Context) (_ procedure.Profile, err error) {
	defer fault.Wrap(&err, "load profile")
	var p procedure.Profile
	c := s.reader()
	rows, err := c.query(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return p, err
	}
	settings := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return p, err
		}
		settings[k] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return p, err
	}
	if settings["seeded"] == "" {
		return p, errors.New("no profile stored; start klacht serve or run klacht migrate first")
	}
	if err := p.ApplySettings(settings); err != nil {
		return p, err
	}
	p.Version = settings["profile_version"]
	if p.Departments, err = loadItems(ctx, c, "departments"); err != nil {
		return p, err
	}
	if p.Channels, err = loadItems(ctx, c, "channels"); err != nil {
		return p, err
	}
	if p.Roles, err = loadItems(ctx, c, "roles"); err != nil {
		return p, err
	}
	if p.Campaigns, err = loadCampaigns(ctx, c); err != nil {
		return p, err
	}
	if p.Agencies, err = loadItems(ctx, c, "agencies"); err != nil {
		return p, err
	}
	if p.CancellationReasons, err = loadItems(ctx, c, "cancellation_reasons"); err != nil {
		return p, err
	}
	if p.CancellationOffers, err = loadItems(ctx, c, "cancellation_offers"); err != nil {
		return p, err
	}
	if p.Elsewhere, err = loadElsewhere(ctx, c); err != nil {
		return p, err
	}
	if p.Outcomes, err = loadOutcomes(ctx, c); err != nil {
		return p, err
	}
	if p.Labels, err = loadItems(ctx, c, "labels"); err != nil {
		return p, err
	}
	rows, err = c.query(ctx, `SELECT key, label_nl, label_en, COALESCE(route_department, ''),
		do_not_call, privacy, unclassified, contact_kind, campaign_head FROM categories ORDER BY position, key`)
	if err != nil {
		return p, fmt.Errorf("load categories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var cat procedure.Category
		var dnc, privacy, unclassified, head int
		if err := rows.Scan(&cat.Key, &cat.Label.NL, &cat.Label.EN, &cat.RouteDepartment,
			&dnc, &privacy, &unclassified, &cat.ContactKind, &head); err != nil {
			return p, fmt.Errorf("load categories: %w", err)
		}
		cat.DoNotCall, cat.Privacy, cat.Unclassified, cat.CampaignHead = dnc == 1, privacy == 1, unclassified == 1, head == 1
		p.Categories = append(p.Categories, cat)
	}
	return p, rows.Err()
}

// insertItems writes profile lists, each in its table, in order.
func insertItems(ctx context.Context, c conn, lists map[string][]procedure.Item) error {
	for table, items := range lists {
		for i, it := range items {
			if _, err := c.exec(ctx, `INSERT INTO `+table+` (key, label_nl, label_en, position) VALUES (?, ?, ?, ?)`,
				it.Key, it.Label.NL, it.Label.EN, i); err != nil {
				return fmt.Errorf("%s %s: %w", table, it.Key, err)
			}
		}
	}
	return nil
}

// insertCategories writes the profile's categories with what each means.
func insertCategories(ctx context.Context, c conn, cats []procedure.Category) error {
	for i, cat := range cats {
		if _, err := c.exec(ctx, `INSERT INTO categories (key, label_nl, label_en, route_department, position,
			do_not_call, privacy, unclassified, contact_kind, campaign_head) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			cat.Key, cat.Label.NL, cat.Label.EN, cat.RouteDepartment, i,
			flag(cat.DoNotCall), flag(cat.Privacy), flag(cat.Unclassified), cat.ContactKind, flag(cat.CampaignHead)); err != nil {
			return fmt.Errorf("category %s: %w", cat.Key, err)
		}
	}
	return nil
}

func seedOutcomes(ctx context.Context, c conn, list []procedure.Outcome) error {
	for i, o := range list {
		if _, err := c.exec(ctx, `INSERT INTO outcomes (key, label_nl, label_en, position, reason) VALUES (?, ?, ?, ?, ?)`,
			o.Key, o.Label.NL, o.Label.EN, i, flag(o.Reason)); err != nil {
			return fmt.Errorf("outcome %s: %w", o.Key, err)
		}
	}
	return nil
}

func loadOutcomes(ctx context.Context, c conn) ([]procedure.Outcome, error) {
	return collect(ctx, c, func(r interface{ Scan(...any) error }) (procedure.Outcome, error) {
		var o procedure.Outcome
		var reason int
		err := r.Scan(&o.Key, &o.Label.NL, &o.Label.EN, &reason)
		o.Reason = reason == 1
		return o, err
	}, `SELECT key, label_nl, label_en, reason FROM outcomes ORDER BY position, key`)
}

func seedElsewhere(ctx context.Context, c conn, list []procedure.Elsewhere) error {
	for i, e := range list {
		if _, err := c.exec(ctx, `INSERT INTO elsewhere (key, label_nl, label_en, text_nl, text_en, url_nl, url_en, position)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.Key, e.Label.NL, e.Label.EN, e.Text.NL, e.Text.EN, e.URL.NL, e.URL.EN, i); err != nil {
			return fmt.Errorf("elsewhere %s: %w", e.Key, err)
		}
	}
	return nil
}

func loadElsewhere(ctx context.Context, c conn) ([]procedure.Elsewhere, error) {
	rows, err := c.query(
		ctx,
		`SELECT key, label_nl, label_en, text_nl, text_en, url_nl, url_en FROM elsewhere ORDER BY position, key`,
	)
	if err != nil {
		return nil, fmt.Errorf("load elsewhere: %w", err)
	}
	defer rows.Close()
	var out []procedure.Elsewhere
	for rows.Next() {
		var e procedure.Elsewhere
		if err := rows.Scan(&e.Key, &e.Label.NL, &e.Label.EN, &e.Text.NL, &e.Text.EN, &e.URL.NL, &e.URL.EN); err != nil {
			return nil, fmt.Errorf("load elsewhere: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func loadItems(ctx context.Context, c conn, table string) ([]procedure.Item, error) {
	rows, err := c.query(ctx, `SELECT key, label_nl, label_en FROM `+table+` ORDER BY position, key`)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", table, err)
	}
	defer rows.Close()
	var items []procedure.Item
	for rows.Next() {
		it := procedure.Item{Label: i18n.Label{}}
		if err := rows.Scan(&it.Key, &it.Label.NL, &it.Label.EN); err != nil {
			return nil, fmt.Errorf("load %s: %w", table, err)
		}
		items = append(items, it)
	}
	return items, rows.Err()
}

// flag writes a category's meaning as the 0 or 1 both databases keep.
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

func loadCampaigns(ctx context.Context, c conn) ([]procedure.Campaign, error) {
	rows, err := c.query(
		ctx,
		`SELECT key, label_nl, label_en, COALESCE(head_user_id, 0) FROM campaigns ORDER BY position, key`,
	)
	if err != nil {
		return nil, fmt.Errorf("load campaigns: %w", err)
	}
	defer rows.Close()
	var out []procedure.Campaign
	for rows.Next() {
		cp := procedure.Campaign{Item: procedure.Item{Label: i18n.Label{}}}
		if err := rows.Scan(&cp.Key, &cp.Label.NL, &cp.Label.EN, &cp.HeadUserID); err != nil {
			return nil, fmt.Errorf("load campaigns: %w", err)
		}
		out = append(out, cp)
	}
	return out, rows.Err()
}
