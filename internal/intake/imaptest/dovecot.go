package imaptest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// DovecotPath is where Debian's dovecot-imapd puts the server.
const DovecotPath = "/usr/sbin/dovecot"

// StartDovecot runs a real Dovecot IMAP server for the test, on a port of
// its own, with one user and a Maildir in a temporary folder; it is stopped
// when the test ends. Without Dovecot (or without root, which Dovecot's
// master process needs) the test is skipped, unless KLACHT_TEST_DOVECOT is
// set: then it fails, so CI cannot pass without the real server.
func StartDovecot(t testing.TB) *Server {
	t.Helper()
	must := os.Getenv("KLACHT_TEST_DOVECOT") != ""
	skip := func(why string) {
		if must {
			t.Fatalf("Dovecot: %s (KLACHT_TEST_DOVECOT is set)", why)
		}
		t.Skipf("Dovecot: %s", why)
	}
	if _, err := os.Stat(DovecotPath); err != nil {
		skip("not installed (apt-get install dovecot-imapd)")
	}
	if os.Geteuid() != 0 {
		skip("its master process needs root")
	}
	mailUser, err := user.Lookup("dovecot")
	if err != nil {
		skip("no dovecot system user")
	}
	dir, err := os.MkdirTemp("", "klacht-dovecot-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, sub := range []string{"run", "state", "mail"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	uid, _ := strconv.Atoi(mailUser.Uid)
	gid, _ := strconv.Atoi(mailUser.Gid)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(filepath.Join(dir, "mail"), uid, gid); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	const username, password = "service@example.nl", "mailbox-password"
	passwd := filepath.Join(dir, "passwd")
	if err := os.WriteFile(passwd, []byte(username+":{PLAIN}"+password+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "dovecot.conf")
	err = os.WriteFile(conf, []byte(fmt.Sprintf(`base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = %[2]d
last_valid_uid = %[2]d
default_internal_user = dovecot
default_login_user = dovenull
mail_location = maildir:%[1]s/mail/%%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%%u %[4]s
}
userdb {
  driver = static
  args = uid=%[2]d gid=%[3]d home=%[1]s/mail/%%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = %[5]d
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`, dir, uid, gid, passwd, port)), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(DovecotPath, "-F", "-c", conf)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start Dovecot: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "dovecot.log"))
			t.Fatalf("Dovecot did not listen on %s: %v\n%s", addr, err, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	s := &Server{Addr: addr, Username: username, Password: password, Security: "none", t: t}
	c := s.client()
	defer c.Close()
	if err := c.Create("INBOX", nil).Wait(); err != nil {
		// INBOX usually exists already; a real failure shows at Select.
		_ = err
	}
	return s
}

func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
