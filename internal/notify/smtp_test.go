package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/notify/smtptest"
)

func TestSMTPSend(t *testing.T) {
	srv := smtptest.Start(t)
	cfg := SMTPConfig{Host: srv.Host(), Port: srv.Port(), From: "Milieudefensie <service@example.nl>", Security: "none"}
	if err := cfg.Check(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := cfg.Send(
		ctx,
		Mail{
			To:        "anais@example.nl",
			Subject:   "Uw klacht K-2026-00042 — geïnformeerd",
			Body:      "Beste Anaïs,\n\n€ 12,50 teruggestort.",
			MessageID: "outbox-1@klacht",
		},
	)
	if err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || got[0].To != "anais@example.nl" || got[0].Subject != "Uw klacht K-2026-00042 — geïnformeerd" ||
		!strings.Contains(got[0].Body, "€ 12,50") || !strings.Contains(got[0].Header.Get("Message-Id"), "outbox-1@klacht") {
		t.Errorf("received %+v", got)
	}
	srv.Stop()
	if err := cfg.Send(ctx, Mail{To: "x@example.nl", Subject: "s", Body: "b"}); err == nil || IsPermanent(err) {
		t.Errorf("send to a stopped server: %v; want a temporary error", err)
	}
	for _, bad := range []SMTPConfig{{Port: 25, From: "a@b.nl"}, {Host: "h", Port: 0, From: "a@b.nl"}, {Host: "h", Port: 25}, {Host: "h", Port: 25, From: "a@b.nl", Security: "ssl"}, {Host: "h", Port: 25, From: "a@b.nl", Username: "u"}} {
		if bad.Check() == nil {
			t.Errorf("config %+v accepted", bad)
		}
	}
	if !isPermanentSMTP(errString("550 5.1.1 no such user")) || isPermanentSMTP(errString("421 4.7.0 try later")) {
		t.Error("reply code classification wrong")
	}
}

type errString string

func (e errString) Error() string { return string(e) }
