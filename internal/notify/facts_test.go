package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/complaint"
)

// TestEveryMessageStatesOnlyWhatHappened: every default
// template, in both languages, by e-mail and by letter, is rendered for a
// complaint of known facts; each states the facts it is for, with the
// right dates, and claims no message the complainant may never have had.
func TestEveryMessageStatesOnlyWhatHappened(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	received := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	base := complaint.Complaint{
		Reference:  "K-2026-00042",
		ReceivedAt: received,
		DueAt:      time.Date(2026, 3, 16, 23, 0, 0, 0, time.UTC),
		ExpectedAt: time.Date(2026, 3, 30, 22, 0, 0, 0, time.UTC),
		Outcome:    "Wij bellen u niet meer.",
		Complainant: complaint.Complainant{
			Name:     "Jan Jansen",
			Email:    "jan@example.nl",
			Address:  "Damrak 1",
			Postcode: "1012 LG",
			City:     "Amsterdam",
		},
	}
	x := Context{Organisation: "Milieudefensie", Handler: "Sanne", Location: ams, Now: now,
		StatusLink: func() (string, string) { return "https://klacht.example/status/abc", "hash" }}
	extra := Values{
		"reason":        "Wij wachten op het belbureau.",
		"decision":      "gegrond",
		"reasoning":     "Het bestuur volgt de klager.",
		"decision_date": "1 april 2026",
	}
	// Facts each kind states, by placeholder.
	facts := map[Kind][]string{
		Acknowledgement:     {"reference", "received_date", "due_date", "answer_way", "status_link"},
		AcknowledgementLate: {"reference", "received_date", "due_date", "today", "status_link"},
		DelayNotice:         {"reference", "received_date", "due_date", "expected_date", "reason", "status_link"},
		Question:            {"reference", "reason", "status_link"},
		Outcome:             {"reference", "outcome", "status_link"},
		AppealAck:           {"reference", "decision_date", "status_link"},
		AppealDecision:      {"reference", "decision", "reasoning", "status_link"},
	}
	// Claims of earlier messages, which a complaint by post or phone
	// without an e-mail address never had.
	claims := []string{
		"ontving u van ons bericht",
		"hebben wij u laten weten",
		"we told you",
		"we wrote to you",
		"as we told",
	}
	for _, kind := range Kinds {
		for _, lang := range []string{"nl", "en"} {
			for _, channel := range []string{complaint.ToldByEmail, complaint.ToldByLetter} {
				c := base
				c.Language = lang
				msg, ok := Compose(Default(kind, lang), c, x, channel, extra)
				if !ok {
					t.Fatalf("%s/%s by %s: not composed", kind, lang, channel)
				}
				v := ValuesFor(c, x)
				for k, val := range extra {
					v[k] = val
				}
				v["status_link"] = "https://klacht.example/status/abc"
				text := msg.Subject + "\n" + msg.Body
				for _, f := range facts[kind] {
					if !strings.Contains(text, v[f]) {
						t.Errorf("%s/%s by %s does not state its %s (%q):\n%s", kind, lang, channel, f, v[f], text)
					}
				}
				if !strings.Contains(text, "Jan Jansen") || strings.ContainsAny(text, "{}") {
					t.Errorf("%s/%s by %s: name missing or a placeholder left:\n%s", kind, lang, channel, text)
				}
				for _, claim := range claims {
					if strings.Contains(strings.ToLower(text), claim) {
						t.Errorf("%s/%s by %s claims %q:\n%s", kind, lang, channel, claim, text)
					}
				}
			}
		}
	}
	if len(facts) != len(Kinds) {
		t.Errorf("%d kinds have facts listed, of %d", len(facts), len(Kinds))
	}
}

// TestAcknowledgementFor: a complaint whose term has passed by the day it
// is registered gets the receipt that promises no past date.
func TestAcknowledgementFor(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	due := time.Date(2026, 3, 16, 22, 59, 0, 0, time.UTC) // 16 March, 23:59 in Amsterdam
	for _, tt := range []struct {
		now  time.Time
		want Kind
	}{
		{time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Acknowledgement},
		{time.Date(2026, 3, 16, 20, 0, 0, 0, time.UTC), Acknowledgement},
		{time.Date(2026, 3, 17, 8, 0, 0, 0, time.UTC), AcknowledgementLate},
	} {
		if got := AcknowledgementFor(complaint.Complaint{DueAt: due}, tt.now, ams); got != tt.want {
			t.Errorf("at %v: %s, want %s", tt.now, got, tt.want)
		}
	}
}

// TestAcknowledgementSaysHowTheAnswerComes: the receipt names the way the
// complainant asked to be answered, else the way they will be.
func TestAcknowledgementSaysHowTheAnswerComes(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	x := Context{Organisation: "Milieudefensie", Location: ams, Now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	full := complaint.Complainant{
		Name:     "Jan",
		Email:    "jan@example.nl",
		Phone:    "0201234567",
		Address:  "Damrak 1",
		Postcode: "1012 LG",
		City:     "Amsterdam",
	}
	for _, c := range []struct {
		way, lang, want string
		who             complaint.Complainant
	}{
		{complaint.ToldByPhone, "nl", "hoort u telefonisch", full},
		{complaint.ToldByLetter, "nl", "hoort u per brief", full},
		{"", "nl", "hoort u per e-mail", full},
		{complaint.ToldByPhone, "en", "you will hear by phone", full},
		{"", "en", "you will hear by letter", complaint.Complainant{Name: "Jan", Address: "Damrak 1", Postcode: "1012 LG", City: "Amsterdam"}},
	} {
		cp := complaint.Complaint{Reference: "K-2026-00001", Language: c.lang, AnswerBy: c.way, Complainant: c.who,
			ReceivedAt: x.Now, DueAt: x.Now.AddDate(0, 0, 14)}
		msg, ok := Compose(Default(Acknowledgement, c.lang), cp, x, "", nil)
		if !ok || !strings.Contains(msg.Body, c.want) {
			t.Errorf("%s/%q: body lacks %q:\n%s", c.lang, c.way, c.want, msg.Body)
		}
	}
}
