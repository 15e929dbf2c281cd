package store

import (
	"context"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/fault"
)

// VolumeKinds are the contacts counted for rates (R3).
var VolumeKinds = []string{"telemarketing_calls", "street_conversations", "members", "donors"}

// Volume is how many contacts of a kind there were in [From, To).
type Volume struct {
	From   time.Time `json:"from"`
	To     time.Time `json:"to"`
	Kind   string    `json:"kind"`
	Volume int64     `json:"volume"`
	// Agency names the fundraising agency whose contacts these are; empty
	// for the organisation's totals (which the yearly rates use).
	Agency string `json:"agency,omitempty"`
}

// CheckVolume validates a volume as it comes in.
func CheckVolume(v Volume) error {
	var errs fault.Validation
	known := false
	for _, k := range VolumeKinds {
		if k == v.Kind {
			known = true
		}
	}
	if !known {
		errs.Add("kind", "err.unknown_key", v.Kind)
	}
	if v.From.IsZero() {
		errs.Add("from", "err.date")
	}
	if v.To.IsZero() || !v.To.After(v.From) {
		errs.Add("to", "err.volume.period")
	}
	if v.Volume < 0 {
		errs.Add("volume", "err.volume.negative")
	}
	return errs.Err()
}

// SaveVolume stores a period's volume, replacing one given before.
func (s *Store) SaveVolume(ctx context.Context, v Volume, now time.Time) error {
	return s.SaveVolumes(ctx, []Volume{v}, now)
}

// Volumes lists the volumes of periods that start within [from, to).
func (s *Store) Volumes(ctx context.Context, from, to time.Time) ([]Volume, error) {
	out, err := collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (Volume, error) {
		var v Volume
		err := r.Scan(timeCol{&v.From}, timeCol{&v.To}, &v.Kind, &v.Volume, &v.Agency)
		return v, err
	}, `SELECT period_from, period_to, kind, volume, agency FROM contact_volumes WHERE period_from >= ? AND period_from < ? ORDER BY period_from, agency, kind`, from, to)
	if err != nil {
		return nil, fmt.Errorf("volumes: %w", err)
	}
	return out, nil
}

// SaveVolumes stores many volumes in one transaction: all or none.
func (s *Store) SaveVolumes(ctx context.Context, vs []Volume, now time.Time) error {
	for _, v := range vs {
		if err := CheckVolume(v); err != nil {
			return err
		}
	}
	err := s.inTx(ctx, func(c conn) error {
		for _, v := range vs {
			if _, err := c.exec(ctx, `INSERT INTO contact_volumes (period_from, period_to, kind, agency, volume, updated_at) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (period_from, period_to, kind, agency) DO UPDATE SET volume = excluded.volume, updated_at = excluded.updated_at`,
				v.From, v.To, v.Kind, v.Agency, v.Volume, now); err != nil {
				return err
			}
		}
		return appendAudit(
			ctx,
			c,
			audit.Entry{At: now, Action: "volumes.saved", Object: "contact_volumes", Detail: fmt.Sprintf("%d periods", len(vs))},
		)
	})
	if err != nil {
		return fmt.Errorf("save %d volumes: %w", len(vs), err)
	}
	return nil
}
