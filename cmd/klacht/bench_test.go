package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// benchFigures is the part of `klacht bench --json` the tests read.
type benchFigures struct {
	Complaints int `json:"complaints"`
	Creates    []struct {
		Clients int     `json:"clients"`
		PerS    float64 `json:"per_s"`
		P99MS   float64 `json:"p99_ms"`
	} `json:"creates"`
	Lists    []json.RawMessage `json:"lists"`
	Searches []json.RawMessage `json:"searches"`
	Pages    []struct {
		Name   string  `json:"name"`
		Status int     `json:"status"`
		P95MS  float64 `json:"p95_ms"`
	} `json:"pages"`
	Reports []struct {
		Name   string `json:"name"`
		Status int    `json:"status"`
	} `json:"reports"`
	RSSMB     map[string]int64   `json:"rss_mb"`
	Baselines map[string]float64 `json:"baselines"`
}

// TestBench: `klacht bench` seeds a register, starts this binary's server
// in a process of its own and measures it from outside: creates, lists,
// searches, every staff page (the audit log as the data protection
// officer), the reports, the server's memory, all of it in --json.
// `klacht bench load` loads a running server the same way.
func TestBench(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "bench.json")
	run(t, bin, dir, os.Environ(), "", "bench", "--complaints", "1000", "--creates", "100", "--samples", "20",
		"--dir", dir, "--json", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var f benchFigures
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if f.Complaints != 1000 || len(f.Creates) != 3 || f.Creates[2].Clients != 64 || f.Creates[2].PerS <= 0 {
		t.Errorf("creates: %+v", f)
	}
	if len(f.Lists) != 7 || len(f.Searches) != 5 {
		t.Errorf("lists %d, searches %d", len(f.Lists), len(f.Searches))
	}
	pages := map[string]int{}
	for _, p := range f.Pages {
		pages[p.Name] = p.Status
	}
	for _, want := range []string{"/complaints/{ref}", "/complaints?q=incasso", "/complaints?channel=post", "/dashboard",
		"/appeals", "/audit"} {
		if pages[want] != 200 {
			t.Errorf("page %s answered %d; pages %v", want, pages[want], pages)
		}
	}
	if len(f.Reports) != 4 {
		t.Errorf("reports: %+v", f.Reports)
	}
	for _, r := range f.Reports {
		if r.Status != 200 {
			t.Errorf("report %s answered %d", r.Name, r.Status)
		}
	}
	if f.RSSMB["idle"] <= 0 || f.RSSMB["load"] <= 0 || f.Baselines["fsync_inserts_per_s"] <= 0 {
		t.Errorf("memory %v, baselines %v", f.RSSMB, f.Baselines)
	}

	// The same load on a server someone else runs, with a token on stdin.
	env := append(os.Environ(), "KLACHT_DB=sqlite:"+filepath.Join(dir, "load.db"))
	run(t, bin, dir, env, "", "migrate")
	srv := startServe(t, bin, dir, env)
	token := tokenAs(t, bin, dir, env, "coordinator@example.nl", "coordinator")
	out = filepath.Join(dir, "load.json")
	run(t, bin, dir, env, token+"\n", "bench", "load", "--base-url", srv.base, "--creates", "100", "--samples", "20",
		"--json", out)
	if b, err = os.ReadFile(out); err != nil {
		t.Fatal(err)
	}
	f = benchFigures{}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Creates) != 3 || f.Creates[0].PerS <= 0 || len(f.Searches) != 5 {
		t.Errorf("bench load: %s", b)
	}
}
