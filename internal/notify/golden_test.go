package notify

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/complaint"
)

var update = flag.Bool("update", false, "write the golden files anew from what the code makes now")

// TestMessagesGolden: every built-in message, in both languages, as a
// complainant reads it for one complaint of known facts. A change to the
// wording is one reviewed diff of testdata/messages_*.golden (go test
// -update writes them anew).
func TestMessagesGolden(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	received := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	x := Context{Organisation: "Milieudefensie", Handler: "Sanne de Vries", Location: ams,
		Now:        time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC),
		StatusLink: func() (string, string) { return "https://klacht.example/status/abc", "hash" }}
	extra := Values{"reason": "Wij wachten op het antwoord van het belbureau.", "decision": "gegrond",
		"reasoning": "Het bestuur volgt de klager.", "decision_date": "1 april 2026"}
	for _, lang := range []string{"nl", "en"} {
		c := complaint.Complaint{Reference: "K-2026-00042", Language: lang, ReceivedAt: received,
			DueAt: complaint.DueAt(received, 14, ams), ExpectedAt: time.Date(2026, 3, 30, 22, 0, 0, 0, time.UTC),
			Outcome: "Wij bellen u niet meer; het bureau heeft uw nummer geschrapt.", AnswerBy: complaint.ToldByPhone,
			Complainant: complaint.Complainant{Name: "Jan Jansen", Email: "jan@example.nl", Phone: "020-1234567",
				Address: "Damrak 1", Postcode: "1012 LG", City: "Amsterdam"}}
		var b strings.Builder
		for _, kind := range Kinds {
			m, ok := Compose(Default(kind, lang), c, x, complaint.ToldByLetter, extra)
			if !ok {
				t.Fatalf("%s/%s: not composed", kind, lang)
			}
			b.WriteString("=== " + string(kind) + "\n" + m.Subject + "\n\n" + m.Body + "\n\n")
		}
		path := filepath.Join("testdata", "messages_"+lang+".golden")
		if *update {
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to make it)", err)
		}
		if string(want) != b.String() {
			t.Errorf("%s differs from what the code writes now (go test -update, then review the diff)", path)
		}
	}
}
