package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzPublicForm posts arbitrary values to the public form: whatever comes
// in, the answer is a page (2xx, 3xx or 4xx), never a server error.
func FuzzPublicForm(f *testing.F) {
	f.Add("Jan", "jan@example.nl", "telemarketing", "Te vaak gebeld", "1012 LG", "")
	f.Add("", "@", "weather", "", "", "x")
	f.Add("<script>", "a@b.c\r\nBcc: x@y.z", "other", strings.Repeat("é", 30000), "\x00", "")
	e := newEnv(f, sqliteOnly)
	f.Fuzz(func(t *testing.T, name, email, category, description, postcode, honeypot string) {
		e.clock.Add(time.Minute) // past the time trap, and the rate limit's window slides
		v := url.Values{
			"started": {e.srv.public.Stamp(e.clock.Now().Add(-10 * time.Second))}, "website": {honeypot},
			"complainant.name": {name}, "complainant.email": {email}, "complainant.postcode": {postcode},
			"category": {category}, "description": {description}, "answer_by": {"email"},
		}
		req := httptest.NewRequest(http.MethodPost, "/klacht", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = "192.0.2.1:1234"
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q", rec.Code, v.Encode())
		}
	})
}
