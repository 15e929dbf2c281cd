package jobs

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/member"
)

// TestMemberFile: the file is imported when it changes, not otherwise;
// a file that cannot be read leaves the last import in place.
func TestMemberFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "leden.csv")
	var imported [][]member.Record
	job := &MemberFile{Path: path, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Import: func(_ context.Context, source string, rs []member.Record) (int, error) {
			if source != "file" {
				t.Errorf("source %q", source)
			}
			imported = append(imported, rs)
			return 0, nil
		}}
	ctx := context.Background()
	if _, err := job.Tick(ctx); err == nil {
		t.Error("a missing file is no error")
	}
	os.WriteFile(path, []byte("lidnummer,naam\n1,Ans\n2,Bert\n"), 0o600)
	if n, err := job.Tick(ctx); err != nil || n != 2 {
		t.Fatalf("first tick: %d %v", n, err)
	}
	if n, err := job.Tick(ctx); err != nil || n != 0 || len(imported) != 1 {
		t.Fatalf("unchanged file imported again: %d %v", n, err)
	}
	os.WriteFile(path, []byte("naam\nAns\n"), 0o600)
	later := time.Now().Add(time.Minute)
	os.Chtimes(path, later, later)
	if _, err := job.Tick(ctx); err == nil || len(imported) != 1 {
		t.Errorf("a file without member numbers replaced the members: %v", err)
	}
	os.WriteFile(path, []byte("lidnummer\n3\n"), 0o600)
	os.Chtimes(path, later.Add(time.Minute), later.Add(time.Minute))
	if n, err := job.Tick(ctx); err != nil || n != 1 || len(imported) != 2 {
		t.Errorf("changed file: %d %v", n, err)
	}
}
