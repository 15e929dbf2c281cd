package intake

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/intake/imaptest"
	"github.com/klacht/klacht/internal/mailauth"
	"github.com/klacht/klacht/internal/mailauth/oauthtest"
)

// TestIMAPXOAuth2: the mailbox is read signed in with an OAuth 2 token
// (XOAUTH2) from the provider's endpoint; a token the server does not
// take stops the poll with a clear error and leaves the mail unseen.
func TestIMAPXOAuth2(t *testing.T) {
	ctx := context.Background()
	e := oauthtest.Start(t)
	box := imaptest.StartOAuth(t, oauthtest.Token(1))
	box.Append(
		[]byte(
			"From: Anaïs <anais@example.nl>\r\nTo: klachten@example.nl\r\nSubject: Klacht\r\nMessage-ID: <oauth-1@example.nl>\r\n\r\nIk word steeds gebeld.\r\n",
		),
	)
	var got []string
	p := &Poller{Config: IMAPConfig{Addr: box.Addr, Username: "service@example.nl", TLS: box.Client,
		Token: mailauth.OAuth2{TokenURL: e.URL, ClientID: e.ClientID, RefreshToken: e.RefreshToken}.Tokens()},
		Deliver: func(_ context.Context, m Mail) error { got = append(got, string(m.Raw)); return nil },
		Log:     slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := p.Config.Check(); err != nil {
		t.Fatal(err)
	}
	if n, err := p.Tick(ctx); err != nil || n != 1 || !strings.Contains(got[0], "Ik word steeds gebeld.") {
		t.Fatalf("tick = %d, %v", n, err)
	}
	box.Append([]byte("From: b@example.nl\r\nSubject: Nog een\r\nMessage-ID: <oauth-2@example.nl>\r\n\r\nTweede.\r\n"))
	p.Config.Token = func(context.Context) (string, error) { return "a token the server does not know", nil }
	if _, err := p.Tick(ctx); err == nil || !strings.Contains(err.Error(), "XOAUTH2") {
		t.Errorf("a refused token: %v", err)
	}
	if box.Unseen() != 1 {
		t.Errorf("%d unseen; the refused poll must leave the mail", box.Unseen())
	}
}
