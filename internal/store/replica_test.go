package store_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// cluster is a PostgreSQL primary and its streaming replica of our own,
// in temporary folders on ports of their own: the machine's PostgreSQL is
// left alone.
type cluster struct {
	bin                 string
	primary, replica    string // data folders
	primaryDSN, replDSN string
}

// pgBin finds the folder of PostgreSQL's programs (initdb, pg_ctl,
// pg_basebackup).
func pgBin(t *testing.T) string {
	t.Helper()
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	if p, err := exec.LookPath("pg_basebackup"); err == nil {
		dirs = append(dirs, filepath.Dir(p))
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		ok := true
		for _, prog := range []string{"initdb", "pg_ctl", "pg_basebackup"} {
			if _, err := os.Stat(filepath.Join(dirs[i], prog)); err != nil {
				ok = false
			}
		}
		if ok {
			return dirs[i]
		}
	}
	t.Skip("PostgreSQL's initdb, pg_ctl and pg_basebackup are not installed")
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// pgRun runs one of PostgreSQL's programs; as root, as the postgres user,
// since PostgreSQL refuses to run as root.
func (c *cluster) pgRun(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(c.bin, name)}, args...)...)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

func startCluster(t *testing.T) *cluster {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a PostgreSQL primary and replica")
	}
	dir, err := os.MkdirTemp("", "klacht-replica-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	c := &cluster{bin: pgBin(t), primary: filepath.Join(dir, "primary"), replica: filepath.Join(dir, "replica")}
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chown", "postgres", dir).CombinedOutput(); err != nil {
			t.Skipf("no postgres user to run PostgreSQL as: %v %s", err, out)
		}
	}
	pPort, rPort := freePort(t), freePort(t)
	c.pgRun(t, "initdb", "-D", c.primary, "--auth=trust", "--username=postgres", "--no-sync")
	start := func(data string, port int) {
		c.pgRun(t, "pg_ctl", "-D", data, "-l", data+".log", "-w", "start",
			"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", port, dir))
		t.Cleanup(func() {
			cmd := exec.Command(filepath.Join(c.bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop")
			if os.Geteuid() == 0 {
				cmd = exec.Command("runuser", "-u", "postgres", "--", filepath.Join(c.bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop")
			}
			cmd.Run()
		})
	}
	start(c.primary, pPort)
	c.pgRun(t, "pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(pPort), "-U", "postgres", "-D", c.replica, "-R", "-X", "stream")
	start(c.replica, rPort)
	c.primaryDSN = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", pPort)
	c.replDSN = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", rPort)
	return c
}

// TestReplica: with a streaming replica, search and the reports read from
// it while writes go to the primary; a complaint created on the primary is
// found on the replica; when the replica stops, klacht carries on.
func TestReplica(t *testing.T) {
	c := startCluster(t)
	ctx := store.System(context.Background())
	s, err := store.Open(ctx, c.primaryDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SeedProfile(ctx, procedure.Default()); err != nil {
		t.Fatal(err)
	}
	if err := s.UseReplica(ctx, c.replDSN, nil); err != nil {
		t.Fatal(err)
	}
	if in, err := store.AnalyticsInRecovery(s); err != nil || !in {
		t.Fatalf("search and reports read from a server in recovery: %v, %v; want the replica", in, err)
	}
	u := storetest.MustUser(t, s, "replica@example.nl", auth.RoleAgent)
	made := storetest.MustComplaint(t, s, u, storetest.Draft("Replicated"), storetest.T0)

	// Search reads the replica, which has the complaint as soon as it has
	// replayed the primary's log.
	deadline := time.Now().Add(30 * time.Second)
	for {
		hits, err := s.SearchComplaints(ctx, "Replicated", store.Filter{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 1 && hits[0].Reference == made.Reference {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica never showed %s: %+v", made.Reference, hits)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := s.FiguresAt(ctx, storetest.T0.AddDate(0, -3, 0), storetest.T0.AddDate(0, 0, 1), storetest.T0); err != nil {
		t.Fatal(err)
	}
	served, fellBack := s.ReplicaReads()
	if served == 0 || fellBack != 0 {
		t.Errorf("replica served %d reads, the primary %d; want all on the replica", served, fellBack)
	}

	// The replica stops: search and reports carry on from the primary.
	c.pgRun(t, "pg_ctl", "-D", c.replica, "-m", "immediate", "stop")
	hits, err := s.SearchComplaints(ctx, "Replicated", store.Filter{}, 10)
	if err != nil || len(hits) != 1 {
		t.Fatalf("search with the replica stopped: %v, %d hits", err, len(hits))
	}
	if _, err := s.FiguresAt(ctx, storetest.T0.AddDate(0, -3, 0), storetest.T0.AddDate(0, 0, 1), storetest.T0); err != nil {
		t.Fatalf("figures with the replica stopped: %v", err)
	}
	if _, fellBack = s.ReplicaReads(); fellBack == 0 {
		t.Error("no read went to the primary while the replica was down")
	}
	second := storetest.MustComplaint(t, s, u, storetest.Draft("Afterwards"), storetest.T0)
	if got, err := s.Complaint(ctx, second.Reference); err != nil || got.ID != second.ID {
		t.Errorf("create and read with the replica stopped: %v", err)
	}
}
