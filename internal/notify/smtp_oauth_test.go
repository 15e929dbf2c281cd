package notify

import (
	"context"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/mailauth"
	"github.com/klacht/klacht/internal/mailauth/oauthtest"
	"github.com/klacht/klacht/internal/notify/smtptest"
)

// TestSMTPXOAuth2: with OAuth 2 (as Microsoft 365 and Google want), the
// mail goes out signed in with a token from the provider's endpoint; a
// server that does not take the token refuses it.
func TestSMTPXOAuth2(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e := oauthtest.Start(t)
	tokens := mailauth.OAuth2{
		TokenURL:     e.URL,
		ClientID:     e.ClientID,
		ClientSecret: e.ClientSecret,
		Scopes:       []string{"https://outlook.office365.com/.default"},
	}.Tokens()
	srv := smtptest.StartOAuth(t, "service@example.nl", oauthtest.Token(1))
	cfg := SMTPConfig{
		Host:     srv.Host(),
		Port:     srv.Port(),
		From:     "service@example.nl",
		Security: "none",
		Username: "service@example.nl",
		Token:    tokens,
	}
	if err := cfg.Check(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := cfg.Send(ctx, Mail{To: "anais@example.nl", Subject: "Uw klacht", Body: "Beste Anaïs"}); err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.Messages(); len(got) != 2 || got[0].To != "anais@example.nl" {
		t.Errorf("received %+v", got)
	}
	if e.Issued() != 1 {
		t.Errorf("%d tokens fetched for two mails; one should serve", e.Issued())
	}
	other := smtptest.StartOAuth(t, "service@example.nl", "another-token")
	cfg.Host, cfg.Port = other.Host(), other.Port()
	if err := cfg.Send(ctx, Mail{To: "x@example.nl", Subject: "s", Body: "b"}); err == nil {
		t.Error("a refused token sent the mail")
	}
	if len(other.Messages()) != 0 {
		t.Error("the server took mail without a good sign-in")
	}
	bad := cfg
	bad.Password = "and a password"
	if bad.Check() == nil {
		t.Error("OAuth 2 with a password accepted")
	}
}
