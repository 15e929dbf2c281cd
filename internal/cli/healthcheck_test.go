package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHealthcheck(t *testing.T) {
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
		}
	}))
	defer healthy.Close()
	sick := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer sick.Close()
	addr := strings.TrimPrefix(healthy.URL, "http://")
	for _, c := range []struct {
		env  map[string]string
		args []string
		code int
	}{
		{map[string]string{"KLACHT_ADDR": addr}, nil, 0},
		{nil, []string{"--url", healthy.URL + "/healthz"}, 0},
		{nil, []string{"--url", sick.URL + "/healthz"}, 1},
		{nil, []string{"--url", "http://127.0.0.1:1/healthz", "--timeout", "1s"}, 1},
		{nil, []string{"--bogus"}, 2},
	} {
		if code, out, errText := runCmd(t, "", c.env, append([]string{"healthcheck"}, c.args...)...); code != c.code {
			t.Errorf("healthcheck %v %v = %d %q %q, want %d", c.env, c.args, code, out, errText, c.code)
		}
	}
}
