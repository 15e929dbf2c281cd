package member

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestHTTPLookup against a membership system's API in this process: the
// mapping picks nested fields, the header is sent, 404 is "unknown", and
// a system that does not answer in time is an error, not a wait.
func TestHTTPLookup(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer s3cret" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/members/123456":
			w.Write([]byte(`{"data": {"fullName": "Zoë  Brontë", "address": {"street": "Damrak 1", "zip": "1012lg",
				"town": "Amsterdam"}, "emails": ["Zoe@Example.nl"], "phone": 201234567}}`))
		case "/members/slow":
			time.Sleep(500 * time.Millisecond)
		case "/members/empty":
			w.Write([]byte(`{"data": {}}`))
		case "/members/broken":
			w.Write([]byte(`<html>`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	fields, err := ParseFields("name=data.fullName, address=data.address.street, postcode=data.address.zip," +
		"city=data.address.town, email=data.emails.0, phone=data.phone")
	if err != nil {
		t.Fatal(err)
	}
	l := HTTPLookup{URL: srv.URL + "/members/{member}", Header: "Authorization: Bearer s3cret", Fields: fields,
		Timeout: 200 * time.Millisecond}
	if err := l.Check(); err != nil {
		t.Fatal(err)
	}
	r, err := l.Lookup(context.Background(), "123456")
	if err != nil {
		t.Fatal(err)
	}
	want := Record{MemberNumber: "123456", Name: "Zoë Brontë", Address: "Damrak 1", Postcode: "1012LG", City: "Amsterdam",
		Email: "zoe@example.nl", Phone: "201234567"}
	if r != want {
		t.Errorf("record %+v, want %+v", r, want)
	}
	for nr, want := range map[string]error{"999": ErrNotFound, "empty": ErrNotFound} {
		if _, err := l.Lookup(context.Background(), nr); !errors.Is(err, want) {
			t.Errorf("%s: %v", nr, err)
		}
	}
	for _, nr := range []string{"slow", "broken", "../admin"} {
		start := time.Now()
		if _, err := l.Lookup(context.Background(), nr); err == nil || errors.Is(err, ErrNotFound) && nr != "../admin" {
			t.Errorf("%s: %v", nr, err)
		}
		if time.Since(start) > time.Second {
			t.Errorf("%s took %v", nr, time.Since(start))
		}
	}
	for _, bad := range []HTTPLookup{{URL: "ftp://x/{member}"}, {URL: "https://crm.example/members"},
		{URL: "https://crm.example/{member}", Header: "Bearer x"}} {
		if bad.Check() == nil {
			t.Errorf("%+v passes", bad)
		}
	}
	if _, err := ParseFields("name"); err == nil {
		t.Error("a field without a path")
	}
	if _, err := ParseFields("iban=data.iban"); err == nil {
		t.Error("a field records do not have")
	}
}
