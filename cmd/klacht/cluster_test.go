package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/notify/smtptest"
	"github.com/klacht/klacht/internal/store/storetest"
)

// buildBinary builds klacht once per test.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "klacht")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// server is a running `klacht serve`.
type server struct {
	cmd    *exec.Cmd
	base   string
	stderr *bytes.Buffer
}

// startServe runs klacht serve with env and args and waits until it listens.
func startServe(t *testing.T, bin, dir string, env []string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Dir, cmd.Env = dir, env
	stdout, _ := cmd.StdoutPipe()
	s := &server{cmd: cmd, stderr: &bytes.Buffer{}}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		if t.Failed() {
			t.Logf("serve stderr:\n%.4000s", s.stderr.String())
		}
	})
	found := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(lines.Text()); m != nil {
				found <- m[1]
				io.Copy(io.Discard, stdout)
				return
			}
		}
	}()
	select {
	case s.base = <-found:
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not start: %s", s.stderr.String())
	}
	return s
}

// kill ends the server at once, as a crash or an OOM killer would.
func (s *server) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	s.cmd.Wait()
}

// run runs a klacht command and returns its stdout.
func run(t *testing.T, bin, dir string, env []string, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env, cmd.Stdin = dir, env, strings.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("klacht %v: %v\n%s", args, err, stderr.String())
	}
	return string(out)
}

// tokenFor adds an agent and returns an API token for them.
func tokenFor(t *testing.T, bin, dir string, env []string, email string) string {
	return tokenAs(t, bin, dir, env, email, "agent")
}

// tokenAs makes a user of role and returns an API token of theirs.
func tokenAs(t *testing.T, bin, dir string, env []string, email, role string) string {
	run(t, bin, dir, env, "een lang wachtwoord\n", "user", "add", "--email", email, "--name", "Anna", "--role", role)
	lines := strings.Split(strings.TrimSpace(run(t, bin, dir, env, "", "token", "create", "--email", email)), "\n")
	return lines[len(lines)-1]
}

type client struct {
	base, token string
}

func (c client) call(method, path, body string) (int, map[string]any, error) {
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	var v map[string]any
	json.NewDecoder(res.Body).Decode(&v)
	return res.StatusCode, v, nil
}

func complaintBody(received time.Time, n int) string {
	return fmt.Sprintf(
		`{"channel":"phone","received_at":%q,"category":"telemarketing","description":"Te vaak gebeld, keer %d",
		"complainant":{"member_number":"%d","name":"Jan Jansen","address":"Damrak 1","postcode":"1012 LG","city":"Amsterdam","email":"jan%d@example.nl","phone":"0201234567"}}`,
		received.Format(time.RFC3339),
		n,
		1000+n,
		n,
	)
}

// TestKillDuringCreates: klacht serve is killed with SIGKILL in the middle
// of a burst of creates from many clients; after a restart every create
// that was answered 201 is there. On SQLite this is the group commit's
// promise: a 201 only after the shared commit is on disk.
func TestKillDuringCreates(t *testing.T) {
	bin := buildBinary(t)
	dbs := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "k.db")}
	if os.Getenv(storetest.PostgresEnv) != "" {
		dbs["postgres"] = storetest.PostgresDSN(t)
	}
	for name, db := range dbs {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := append(os.Environ(), "KLACHT_DB="+db)
			srv := startServe(t, bin, dir, env)
			c := client{srv.base, tokenFor(t, bin, dir, env, "anna@example.nl")}
			var mu sync.Mutex
			var answered []string
			stop := make(chan struct{})
			// The kill comes in the middle of the burst: once forty creates
			// are answered, while sixteen clients keep sending.
			const beforeKill = 40
			enough := make(chan struct{})
			var wg sync.WaitGroup
			for w := range 16 {
				wg.Go(func() {
					for n := 0; ; n++ {
						select {
						case <-stop:
							return
						default:
						}
						status, v, err := c.call("POST", "/api/v1/complaints", complaintBody(time.Now().Add(-time.Hour), w*10000+n))
						if err != nil {
							return // the server is gone
						}
						if status == 201 {
							mu.Lock()
							answered = append(answered, v["reference"].(string))
							if len(answered) == beforeKill {
								close(enough)
							}
							mu.Unlock()
						}
					}
				})
			}
			select {
			case <-enough:
			case <-time.After(60 * time.Second):
				t.Fatal("the server answered fewer than 40 creates in a minute")
			}
			srv.kill(t)
			close(stop)
			wg.Wait()
			if len(answered) < 20 {
				t.Fatalf("only %d creates answered before the kill", len(answered))
			}
			again := startServe(t, bin, dir, env)
			c.base = again.base
			for _, ref := range answered {
				if status, _, err := c.call("GET", "/api/v1/complaints/"+ref, ""); err != nil || status != 200 {
					t.Errorf("%s was answered 201 but is %d after the restart (%v)", ref, status, err)
				}
			}
			t.Logf("%d creates answered 201 before SIGKILL; all present after restart", len(answered))
		})
	}
}

// TestTwoServers runs two klacht serve processes on one PostgreSQL
// database: a session made on one works on the other, the API answers
// the same on both, background work (acknowledgement mails, reminders,
// escalations) is done exactly once between them, and when one is killed
// the other carries on alone.
func TestTwoServers(t *testing.T) {
	bin := buildBinary(t)
	db := storetest.PostgresDSN(t)
	mail := smtptest.Start(t)
	dir := t.TempDir()
	env := append(os.Environ(), "KLACHT_DB="+db)
	args := []string{
		"--term-watch-every",
		"1s",
		"--mail-every",
		"1s",
		"--smtp-host",
		mail.Host(),
		"--smtp-port",
		strconv.Itoa(mail.Port()),
		"--smtp-security",
		"none",
		"--smtp-from",
		"klacht@example.nl",
	}
	a := startServe(t, bin, dir, env, args...)
	b := startServe(t, bin, dir, env, args...)
	token := tokenFor(t, bin, dir, env, "anna@example.nl")
	ca, cb := client{a.base, token}, client{b.base, token}
	ops := tokenAs(t, bin, dir, env, "ops@example.nl", "admin") // reads /metrics
	alive := []string{a.base, b.base}

	// A session made on A is good on B.
	form := url.Values{"email": {"anna@example.nl"}, "password": {"een lang wachtwoord"}}
	noRedirect := &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	res, err := noRedirect.PostForm(a.base+"/login", form)
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in on A: %v %v", res, err)
	}
	req, _ := http.NewRequest("GET", b.base+"/complaints", nil)
	for _, ck := range res.Cookies() {
		req.AddCookie(ck)
	}
	if res, err := noRedirect.Do(req); err != nil || res.StatusCode != 200 {
		t.Errorf("A's session on B: %v %v", res, err)
	}

	// Complaints made on both; half of them long overdue.
	var refs, overdue []string
	create := func(c client, other *client, n int, late bool) {
		received := time.Now().Add(-time.Hour)
		if late {
			received = time.Now().AddDate(0, 0, -20)
		}
		status, v, err := c.call("POST", "/api/v1/complaints", complaintBody(received, n))
		if err != nil || status != 201 {
			t.Fatalf("create on %s = %d %v %v", c.base, status, v, err)
		}
		ref := v["reference"].(string)
		refs = append(refs, ref)
		if late {
			overdue = append(overdue, ref)
		}
		if other != nil {
			if status, got, _ := other.call("GET", "/api/v1/complaints/"+ref, ""); status != 200 || got["reference"] != ref {
				t.Errorf("%s made on one server is %d on the other", ref, status)
			}
		}
	}
	for n := range 12 {
		if n%2 == 0 {
			create(ca, &cb, n, n%4 == 0)
		} else {
			create(cb, &ca, n, n%4 == 1)
		}
	}
	waitOnce := func(want int) {
		t.Helper()
		mail.WaitFor(want, 30*time.Second)
		// Only a pending e-mail is ever sent, and it is marked sent only
		// after the SMTP server took it: with none pending on either
		// server, no duplicate can still be on its way.
		until(t, 30*time.Second, func() bool {
			for _, base := range alive {
				if emailsPending(t, client{base, ops}) != 0 {
					return false
				}
			}
			return true
		})
		seen := map[string]int{}
		for _, m := range mail.Messages() {
			seen[m.Header.Get("Message-Id")]++
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("mail %s sent %d times", id, n)
			}
		}
		if len(seen) != want {
			t.Errorf("%d mails sent, want %d", len(seen), want)
		}
	}
	waitOnce(len(refs))
	escalations := func(c client, ref string) int {
		_, v, _ := c.call("GET", "/api/v1/complaints/"+ref+"/timeline", "")
		items, _ := v["items"].([]any)
		n := 0
		for _, it := range items {
			if it.(map[string]any)["kind"] == "escalated" {
				n++
			}
		}
		return n
	}
	// The term watch escalates at its own tick, which may come after the
	// mails went: wait until each is escalated, then count.
	escalatedOnce := func(refs []string, when string) {
		t.Helper()
		until(t, 30*time.Second, func() bool {
			for _, ref := range refs {
				if escalations(cb, ref) == 0 {
					return false
				}
			}
			return true
		})
		for _, ref := range refs {
			if n := escalations(cb, ref); n != 1 {
				t.Errorf("%s%s escalated %d times, want once", when, ref, n)
			}
		}
	}
	escalatedOnce(overdue, "")

	// A dies; B carries on alone, doing A's share of the work.
	a.kill(t)
	alive = []string{b.base}
	before := len(refs)
	for n := 100; n < 104; n++ {
		create(cb, nil, n, true)
	}
	waitOnce(len(refs))
	escalatedOnce(refs[before:], "after A died, ")
}

// until waits for cond, checking it every 50 ms, and fails the test when
// it does not hold within timeout.
func until(t *testing.T, timeout time.Duration, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(timeout)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("still not so after %s", timeout)
		}
	}
}

// emailsPending reads the server's outbox depth for e-mail from /metrics.
func emailsPending(t *testing.T, c client) int {
	t.Helper()
	req, _ := http.NewRequest("GET", c.base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("metrics: %v", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, `klacht_outbox_depth{channel="email"} `); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("metrics line %q", line)
			}
			return n
		}
	}
	t.Fatalf("no outbox depth in /metrics (status %d)", res.StatusCode)
	return 0
}
