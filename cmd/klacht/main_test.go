package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/store/storetest"
)

// TestEndToEnd builds the real binary and walks the acceptance path of the
// register: serve on an empty directory, add a user, make a token, create,
// read, refuse bad input without writing, and deduplicate a retry. It runs
// on SQLite (the default) and, when configured, on PostgreSQL.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "klacht")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	t.Run("sqlite default", func(t *testing.T) { endToEnd(t, bin, "") })
	if os.Getenv(storetest.PostgresEnv) != "" {
		t.Run("postgres", func(t *testing.T) { endToEnd(t, bin, storetest.PostgresDSN(t)) })
	}
}

func endToEnd(t *testing.T, bin, db string) {
	dir := t.TempDir()
	env := append(os.Environ(), "KLACHT_DB="+db)
	if db == "" {
		env = os.Environ() // nothing set: the default sqlite:klacht.db in the working directory
		for i, kv := range env {
			if strings.HasPrefix(kv, "KLACHT_") {
				env[i] = "KLACHT_UNUSED=1"
			}
		}
	}
	serve := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	serve.Dir, serve.Env = dir, env
	stdout, _ := serve.StdoutPipe()
	var stderr bytes.Buffer
	serve.Stderr = &stderr
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		serve.Process.Signal(os.Interrupt)
		serve.Wait()
		if t.Failed() {
			t.Logf("serve stderr:\n%s", stderr.String())
		}
	})
	lines := bufio.NewScanner(stdout)
	var base, setup string
	deadline := time.After(30 * time.Second)
	found := make(chan struct{})
	go func() {
		for lines.Scan() {
			l := lines.Text()
			if m := regexp.MustCompile(`(http://\S+/setup/\S+)`).FindStringSubmatch(l); m != nil {
				setup = m[1]
			}
			if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(l); m != nil {
				base = m[1]
				close(found)
				io.Copy(io.Discard, stdout)
				return
			}
		}
	}()
	select {
	case <-found:
	case <-deadline:
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	if setup == "" {
		t.Error("serve on an empty database printed no set-up link")
	}
	if db == "" {
		if _, err := os.Stat(filepath.Join(dir, "klacht.db")); err != nil {
			t.Errorf("default database not created in the working directory: %v", err)
		}
	}
	if res, err := http.Get(setup); err != nil || res.StatusCode != 200 {
		t.Errorf("set-up link: %v %v", res, err)
	}

	cli := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env, cmd.Stdin = dir, env, strings.NewReader(stdin)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("klacht %v: %v", args, err)
		}
		return string(out)
	}
	cli("een lang wachtwoord\n", "user", "add", "--email", "anna@example.nl", "--name", "Anna", "--role", "agent")
	out := strings.Split(strings.TrimSpace(cli("", "token", "create", "--email", "anna@example.nl")), "\n")
	token := out[len(out)-1]

	call := func(method, path, body string, header ...string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var v map[string]any
		json.NewDecoder(res.Body).Decode(&v)
		return res.StatusCode, v
	}
	count := func() int {
		_, v := call("GET", "/api/v1/complaints?limit=200", "")
		items, _ := v["items"].([]any)
		return len(items)
	}
	body := `{"channel":"phone","received_at":"2026-11-20T10:00:00+01:00","category":"telemarketing","description":"Te vaak gebeld",
		"complainant":{"member_number":"123","name":"Jan Jansen","address":"Damrak 1","postcode":"1012 LG","city":"Amsterdam","email":"jan@example.nl","phone":"0201234567"}}`
	status, c := call("POST", "/api/v1/complaints", body)
	if status != 201 {
		t.Fatalf("create = %d %v", status, c)
	}
	ref, _ := c["reference"].(string)
	received, _ := time.Parse(time.RFC3339, c["received_at"].(string))
	due, _ := time.Parse(time.RFC3339, c["due_at"].(string))
	if !regexp.MustCompile(`^K-\d{4}-\d{5}$`).MatchString(ref) || !due.Equal(received.AddDate(0, 0, 14)) {
		t.Errorf("reference %q, received %v, due %v", ref, received, due)
	}
	if status, got := call("GET", "/api/v1/complaints/"+ref, ""); status != 200 || got["reference"] != ref {
		t.Errorf("get = %d %v", status, got)
	}
	before := count()
	for _, bad := range []string{`{"channel":`, `{"channel":"fax","category":"telemarketing","description":"x","complainant":{"name":"A"}}`,
		`{"channel":"phone","category":"weather","description":"x","complainant":{"name":"A"}}`, `{"channel":"phone"}`,
		`{"channel":"phone","category":"other","description":"` + strings.Repeat("x", 2<<20) + `","complainant":{"name":"A"}}`} {
		status, p := call("POST", "/api/v1/complaints", bad)
		if status < 400 || status > 499 || p["status"] == nil {
			t.Errorf("bad input answered %d %v", status, p)
		}
	}
	if after := count(); after != before {
		t.Errorf("bad input changed the count from %d to %d", before, after)
	}
	s1, a := call("POST", "/api/v1/complaints", body, "Idempotency-Key", "retry-1")
	s2, b := call("POST", "/api/v1/complaints", body, "Idempotency-Key", "retry-1")
	if s1 != 201 || s2 != 201 || a["reference"] != b["reference"] || count() != before+1 {
		t.Errorf("retry: %d %v / %d %v, count %d", s1, a["reference"], s2, b["reference"], count())
	}
}
