package cli

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSeedReportsVolumes walks the reporting commands over a seeded
// register: seed (and its refusal to add to a full register), contact
// volumes from CSV (all or none), and both reports in every format.
func TestSeedReportsVolumes(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "k.db")
	good, bad := filepath.Join(dir, "good.csv"), filepath.Join(dir, "bad.csv")
	writeFile(t, good, "van;tot;soort;aantal\n2025-01-01;2026-01-01;telemarketing_calls;28.300\n")
	writeFile(t, bad, "from,to,kind,volume\n2025-01-01,2024-01-01,donors,x\n2025-01-01,2026-01-01,calls,5\n")
	xlsx := filepath.Join(dir, "q.xlsx")
	for _, c := range []struct {
		name    string
		args    []string
		code    int
		out     string
		errText string
	}{
		{"seed", []string{"seed", "--db", db, "--complaints", "3000", "--years", "2"}, 0, "stored 3000 complaints, 300 cancellations", "100%"},
		{"seed again refused", []string{"seed", "--db", db, "--complaints", "10"}, 1, "", "already holds 3000 complaints"},
		{"seed bad count", []string{"seed", "--db", db, "--complaints", "0"}, 2, "", "--complaints"},
		{"volumes refused", []string{"import", "volumes", bad, "--db", db, "--lang", "en"}, 1, "Line 2, to: The period must end after it starts.", "nothing was imported"},
		{"volumes missing file", []string{"import", "volumes", "--db", db}, 2, "", "give the file"},
		{"volumes", []string{"import", "volumes", good, "--db", db}, 0, "1 contactvolumes geïmporteerd.", ""},
		{"annual text", []string{"report", "annual", "--db", db, "--year", "2025", "--lang", "en"}, 0, "On a total of 28,300 calls held", ""},
		{"annual csv", []string{"report", "annual", "--db", db, "--year", "2025", "--format", "csv"}, 0, "2025,telemarketing,Telemarketing,", ""},
		{"annual html", []string{"report", "annual", "--db", db, "--year", "2025", "--format", "html"}, 0, "28.300 gevoerde gesprekken", ""},
		{"annual bad format", []string{"report", "annual", "--db", db, "--year", "2025", "--format", "doc"}, 2, "", "use text, json, csv, xlsx, html, pdf"},
		{"annual bad lang", []string{"report", "annual", "--db", db, "--year", "2025", "--lang", "fr"}, 2, "", "--lang"},
		{"quarterly xlsx", []string{"report", "quarterly", "--db", db, "--year", "2026", "--quarter", "1", "--format", "xlsx", "--out", xlsx}, 0, "", "wrote " + xlsx},
		{"quarterly html en", []string{"report", "quarterly", "--db", db, "--year", "2026", "--quarter", "1", "--format", "html", "--lang", "en"}, 0, "Complaints received", ""},
		{"quarterly pdf", []string{"report", "quarterly", "--db", db, "--year", "2026", "--quarter", "1", "--format", "pdf"}, 0, "%PDF", ""},
		{"quarterly out in missing folder", []string{"report", "quarterly", "--db", db, "--year", "2026", "--quarter", "1", "--out", filepath.Join(dir, "no", "q.csv")}, 1, "", "write"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errText := runCmd(t, "", nil, c.args...)
			if code != c.code || !strings.Contains(out, c.out) || !strings.Contains(errText, c.errText) {
				t.Errorf("exit %d (want %d)\nstdout: %.400s\nstderr: %s", code, c.code, out, errText)
			}
		})
	}
	z, err := zip.OpenReader(xlsx)
	if err != nil {
		t.Fatalf("the xlsx: %v", err)
	}
	z.Close()
	left, _ := filepath.Glob(filepath.Join(dir, ".klacht-report-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if _, err := os.Stat(filepath.Join(dir, "no")); !os.IsNotExist(err) {
		t.Error("a folder was made for --out")
	}
}
