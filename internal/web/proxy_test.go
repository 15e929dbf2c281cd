package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestTrustedProxies(t *testing.T) {
	nets, err := ParseTrustedProxies("10.0.0.0/8, 127.0.0.1, ::1")
	if err != nil {
		t.Fatal(err)
	}
	var seen string
	h := fromProxies(nets, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = r.RemoteAddr }))
	for _, c := range []struct {
		peer, xff, want string
	}{
		{"127.0.0.1:5000", "203.0.113.7", "203.0.113.7:0"},
		{"127.0.0.1:5000", "198.51.100.1, 203.0.113.7, 10.1.2.3", "203.0.113.7:0"}, // the client wrote the first
		{"[::1]:5000", "2001:db8::5", "[2001:db8::5]:0"},
		{"192.0.2.9:5000", "203.0.113.7", "192.0.2.9:5000"},      // not a proxy: its header is the client's word
		{"127.0.0.1:5000", "", "127.0.0.1:5000"},                 // the proxy itself
		{"127.0.0.1:5000", "<script>", "127.0.0.1:5000"},         // rubbish
		{"127.0.0.1:5000", "evil, 203.0.113.7", "203.0.113.7:0"}, // rubbish beyond the last good hop
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if seen != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: client %s, want %s", c.peer, c.xff, seen, c.want)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "1.2.3"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
