package jobs

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/member"
	"github.com/klacht/klacht/internal/store"
)

// MemberFile keeps the member file up to date with an export the
// membership system writes on a schedule (P4.1): whenever the file at
// Path changes, it is read and replaces the member file. A file that
// cannot be read leaves the last good import in place.
type MemberFile struct {
	Path   string
	Import func(ctx context.Context, source string, rs []member.Record) (before int, err error)
	Every  time.Duration
	Log    *slog.Logger

	seen string // the size and time of the file last imported
}

// Run checks until ctx ends.
func (m *MemberFile) Run(ctx context.Context) error {
	return Loop(ctx, m.Every, m.Log, "member file", m.Tick)
}

// Tick imports the file when it changed, and says how many members it
// holds (0 when it did not change).
func (m *MemberFile) Tick(ctx context.Context) (int, error) {
	ctx = store.System(ctx)
	fi, err := os.Stat(m.Path)
	if err != nil {
		return 0, fmt.Errorf("member file: %w", err)
	}
	stamp := fmt.Sprint(fi.Size(), fi.ModTime().UnixNano())
	if stamp == m.seen {
		return 0, nil
	}
	data, err := os.ReadFile(m.Path)
	if err != nil {
		return 0, fmt.Errorf("member file: %w", err)
	}
	good, bad, err := member.ParseFile(bytes.NewReader(data), i18n.EN)
	if err != nil {
		return 0, fmt.Errorf("member file %s: %w", m.Path, err)
	}
	before, err := m.Import(ctx, "file", good)
	if err != nil {
		return 0, err
	}
	m.seen = stamp
	if len(bad) > 0 {
		m.Log.WarnContext(ctx, "member file: rows refused", "path", m.Path, "refused", len(bad), "first", bad[0])
	}
	m.Log.InfoContext(ctx, "member file imported", "path", m.Path, "members", len(good), "before", before)
	return len(good), nil
}
