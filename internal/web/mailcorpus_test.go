package web

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/intake/imaptest"
	"github.com/klacht/klacht/internal/store"
)

// cpythonCorpus returns the e-mail test messages that ship with Python
// (Lib/test/test_email/data/msg_*.txt): mails written by another project to
// break mail parsers. Without Python the test is skipped, unless
// KLACHT_TEST_DOVECOT asks for the real thing.
func cpythonCorpus(t *testing.T) map[string][]byte {
	out, err := exec.Command("python3", "-c", `import sysconfig;print(sysconfig.get_paths()["stdlib"])`).Output()
	dir := filepath.Join(strings.TrimSpace(string(out)), "test", "test_email", "data")
	files, _ := filepath.Glob(filepath.Join(dir, "msg_*.txt"))
	if err != nil || len(files) == 0 {
		if os.Getenv("KLACHT_TEST_DOVECOT") != "" {
			t.Fatalf("CPython's e-mail test messages not found in %s (%v)", dir, err)
		}
		t.Skip("CPython's e-mail test messages are not installed")
	}
	corpus := map[string][]byte{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// A mailbox holds mail with CRLF line ends.
		raw = bytes.ReplaceAll(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
		corpus[filepath.Base(f)] = raw
	}
	return corpus
}

// TestThirdPartyCorpusThroughDovecot: CPython's e-mail test
// messages, the project's hostile corpus and a family of different mails
// sharing one Message-ID go through a real IMAP server (Dovecot). Every
// mail read ends in exactly one recorded outcome, none is dropped, and
// after every mail is made unseen again, a second pass makes nothing new:
// each read is logged as the duplicate it is.
func TestThirdPartyCorpusThroughDovecot(t *testing.T) {
	corpus := cpythonCorpus(t)
	for name, raw := range imaptest.HostileCorpus() {
		if len(raw) > 0 && len(raw) < 1<<20 {
			corpus["hostile: "+name] = raw
		}
	}
	for i, body := range []string{"Eerste klacht.", "Tweede, andere klacht.", "Derde: weer een andere."} {
		corpus["shared id "+itoa(int64(i))] = []byte("From: lijst@example.nl\r\nTo: klachten@example.nl\r\nSubject: Klacht " +
			itoa(int64(i)) + "\r\nMessage-ID: <altijd-dezelfde@example.nl>\r\n\r\n" + body + "\r\n")
	}
	names := make([]string, 0, len(corpus))
	for name := range corpus {
		names = append(names, name)
	}
	sort.Strings(names)
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		box := imaptest.StartDovecot(t)
		appended := 0
		for _, name := range names {
			box.Append(corpus[name])
			appended++
		}
		p := newPoller(box, e.srv.App.TakeMail)
		for range 5 {
			if n, err := p.Tick(ctx); err != nil {
				t.Fatalf("poll: %v", err)
			} else if n == 0 {
				break
			}
		}
		if u := box.Unseen(); u != 0 {
			t.Fatalf("%d mails left unseen", u)
		}
		log, err := e.store.IntakeLog(ctx, "", 0, 10_000)
		if err != nil {
			t.Fatal(err)
		}
		byMailbox := map[string]int{}
		outcomes := map[string]int{}
		for _, entry := range log {
			byMailbox[entry.Mailbox]++
			outcomes[entry.Outcome]++
		}
		for _, uid := range boxUIDs(t, box) {
			key := "INBOX/" + uid
			if byMailbox[key] != 1 {
				t.Errorf("mail %s has %d outcomes, want exactly 1", key, byMailbox[key])
			}
		}
		if len(log) != appended || outcomes[store.OutcomeDuplicate] != 0 {
			t.Errorf("%d mails appended, %d logged; outcomes %v", appended, len(log), outcomes)
		}
		quarantined, _ := e.store.QuarantineList(ctx)
		additions := countEvents(t, e, complaint.EventEmailReceived)
		if got := e.count() + additions + len(quarantined); got != appended {
			t.Errorf("%d complaints + %d additions + %d quarantined = %d, want %d",
				e.count(), additions, len(quarantined), got, appended)
		}
		// Different mails with one Message-ID are three complaints.
		shared, _, _ := e.store.ListComplaints(ctx, store.Filter{Query: "klacht"}, store.SortReceivedAsc, 50, nil)
		sharedN := 0
		for _, c := range shared {
			if c.Complainant.Email == "lijst@example.nl" {
				sharedN++
			}
		}
		if sharedN != 3 {
			t.Errorf("%d complaints from the mails sharing a Message-ID, want 3", sharedN)
		}
		// No binary content and no invalid text in any description.
		for _, c := range allComplaints(t, e) {
			if strings.ContainsRune(c.Description, 0) || !utf8.ValidString(c.Description) {
				t.Errorf("%s: binary content in the description", c.Reference)
			}
		}

		// Restart with every mail unseen again: nothing new, every read
		// logged once more as a duplicate.
		complaints := e.count()
		box.MarkAllUnseen()
		if _, err := p.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		counts, _ := e.store.IntakeCounts(ctx)
		if e.count() != complaints || counts[store.OutcomeDuplicate] != appended {
			t.Errorf("second pass: %d complaints (was %d), %d duplicates logged of %d mails",
				e.count(), complaints, counts[store.OutcomeDuplicate], appended)
		}
		if q, _ := e.store.QuarantineList(ctx); len(q) != len(quarantined) {
			t.Errorf("second pass quarantined %d more", len(q)-len(quarantined))
		}
		t.Logf("%d mails: %v", appended, outcomes)
	})
}

// boxUIDs lists "UIDVALIDITY/UID" of every mail in the INBOX.
func boxUIDs(t *testing.T, box *imaptest.Server) []string {
	c, err := imapclient.DialInsecure(box.Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(box.Username, box.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	sel, err := c.Select("INBOX", nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	found, err := c.UIDSearch(&imap.SearchCriteria{}, nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, uid := range found.AllUIDs() {
		out = append(out, itoa(int64(sel.UIDValidity))+"/"+itoa(int64(uid)))
	}
	return out
}

// countEvents counts events of one kind on every complaint's timeline.
func countEvents(t *testing.T, e *testEnv, kind complaint.EventKind) int {
	ctx := store.System(context.Background())
	n := 0
	for _, c := range allComplaints(t, e) {
		events, err := e.store.Timeline(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range events {
			if ev.Kind == kind && ev.From == "" {
				n++
			}
		}
	}
	return n
}

// allComplaints reads every complaint, page by page.
func allComplaints(t *testing.T, e *testEnv) []complaint.Complaint {
	var out []complaint.Complaint
	var after *store.Cursor
	for {
		page, next, err := e.store.ListComplaints(
			store.System(context.Background()),
			store.Filter{},
			store.SortReceivedAsc,
			store.MaxLimit,
			after,
		)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if next == nil {
			return out
		}
		after = next
	}
}
