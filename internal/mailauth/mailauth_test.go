package mailauth

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/klacht/klacht/internal/mailauth/oauthtest"
)

func TestTokens(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name    string
		refresh bool
		grant   string
	}{{"client credentials", false, "client_credentials"}, {"refresh token", true, "refresh_token"}} {
		t.Run(c.name, func(t *testing.T) {
			e := oauthtest.Start(t)
			o := OAuth2{
				TokenURL:     e.URL,
				ClientID:     e.ClientID,
				ClientSecret: e.ClientSecret,
				Scopes:       Scopes("https://outlook.office365.com/.default"),
			}
			if c.refresh {
				o.RefreshToken = e.RefreshToken
			}
			if err := o.Check(); err != nil {
				t.Fatal(err)
			}
			get := o.Tokens()
			e.FailNext()
			if _, err := get(ctx); err == nil {
				t.Fatal("a failing endpoint gave a token")
			}
			for range 3 {
				if tok, err := get(ctx); err != nil || tok != oauthtest.Token(1) {
					t.Fatalf("token = %q, %v", tok, err)
				}
			}
			if e.Issued() != 1 || e.Grants()[len(e.Grants())-1] != c.grant {
				t.Errorf("issued %d, grants %v: a valid token is reused, asked with %s", e.Issued(), e.Grants(), c.grant)
			}
		})
	}
	e := oauthtest.Start(t)
	if _, err := (OAuth2{TokenURL: e.URL, ClientID: e.ClientID, ClientSecret: "wrong"}).Tokens()(ctx); err == nil {
		t.Error("a wrong secret gave a token")
	}
	for _, bad := range []OAuth2{{}, {TokenURL: "ftp://x/token", ClientID: "a", ClientSecret: "b"}, {TokenURL: e.URL}, {TokenURL: e.URL, ClientID: "a"}} {
		if bad.Check() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if got := Scopes("a, b c"); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("scopes = %v", got)
	}
}

func TestXOAuth2(t *testing.T) {
	check := func(user, token string) error {
		if user != "service@example.nl" || token != "good" {
			return errors.New("no")
		}
		return nil
	}
	for _, c := range []struct {
		token string
		ok    bool
	}{{"good", true}, {"bad", false}} {
		mech, ir, _ := Client("service@example.nl", c.token).Start()
		if mech != "XOAUTH2" || string(ir) != "user=service@example.nl\x01auth=Bearer "+c.token+"\x01\x01" {
			t.Fatalf("initial response %q", ir)
		}
		srv := Server(check)
		challenge, done, err := srv.Next(ir)
		if c.ok {
			if !done || err != nil {
				t.Errorf("good token: done %v, %v", done, err)
			}
			continue
		}
		if done || err != nil || len(challenge) == 0 {
			t.Fatalf("bad token: an error challenge expected, got %q %v %v", challenge, done, err)
		}
		answer, _ := Client("service@example.nl", c.token).Next(challenge)
		if _, done, err := srv.Next(answer); !done || err == nil {
			t.Error("bad token accepted")
		}
	}
}
