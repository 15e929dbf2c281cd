package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// serverProcess is `klacht serve` running in a process of its own.
type serverProcess struct {
	cmd    *exec.Cmd
	base   string
	stderr *bytes.Buffer
}

var listeningOn = regexp.MustCompile(`listening on (http://\S+)`)

// startServer starts binary's server on dsn, in dir, and waits until it
// answers /readyz.
func startServer(ctx context.Context, binary, dir, dsn string) (*serverProcess, error) {
	if binary == "" {
		return nil, fmt.Errorf("no klacht executable to start the server with")
	}
	cmd := exec.CommandContext(ctx, binary, "serve", "--db", dsn, "--addr", "127.0.0.1:0", "--log-level", "warn")
	cmd.Dir = dir
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p := &serverProcess{cmd: cmd, stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the server: %w", err)
	}
	found := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			if m := listeningOn.FindStringSubmatch(lines.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case p.base = <-found:
	case <-time.After(2 * time.Minute):
		p.stop()
		return nil, fmt.Errorf("the server did not start: %s", p.stderr.String())
	}
	for {
		res, err := http.Get(p.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p, nil
			}
		}
		if ctx.Err() != nil {
			p.stop()
			return nil, ctx.Err()
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// settle waits until the server's start-up work is done, at most limit:
// a register's first start runs the retention and the term watch over
// everything it holds, which is no load a running server has. Done is
// three seconds in a row in which the server's processor time grows by
// less than a twentieth of a second a second and the machine's (a local
// database's work after the server's, its vacuum, its index upkeep) by
// less than a quarter: one quiet second let the first page measured meet
// the database still busy with what the retention had changed.
func (p *serverProcess) settle(limit time.Duration) {
	stat := "/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/stat"
	serverCPU := func() (int64, bool) {
		b, err := os.ReadFile(stat)
		if err != nil {
			return 0, false
		}
		// The fields after the command's name (which may hold spaces).
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) < 13 {
			return 0, false
		}
		user, _ := strconv.ParseInt(f[11], 10, 64)
		sys, _ := strconv.ParseInt(f[12], 10, 64)
		return user + sys, true // clock ticks, 100 a second
	}
	deadline := time.Now().Add(limit)
	last, ok := serverCPU()
	lastBusy, _ := machineBusy()
	quiet := 0
	for ok && time.Now().Before(deadline) {
		time.Sleep(time.Second)
		now, good := serverCPU()
		busy, known := machineBusy()
		if !good {
			return
		}
		if now-last < 5 && (!known || busy-lastBusy < 25) {
			quiet++
		} else {
			quiet = 0
		}
		if quiet == 3 {
			return
		}
		last, lastBusy = now, busy
	}
}

// machineBusy is the processor time all of this machine's processes have
// used, in clock ticks (Linux's /proc/stat; false elsewhere).
func machineBusy() (int64, bool) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return 0, false
	}
	var busy int64
	for i, v := range f[1:8] {
		if i == 3 || i == 4 { // idle and waiting for the disk
			continue
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		busy += n
	}
	return busy, true
}

// rss is the server's resident memory in bytes, as ps shows it (Linux;
// elsewhere 0).
func (p *serverProcess) rss() int64 {
	return residentBytes("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/statm")
}

// stop asks the server to end, as an operator's Ctrl-C would, and waits.
func (p *serverProcess) stop() {
	p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
}

// residentBytes reads the resident set from a statm file.
func residentBytes(statm string) int64 {
	b, err := os.ReadFile(statm)
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}
