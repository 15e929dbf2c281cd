package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/web/kit"
)

// FuzzDecodeComplaint feeds arbitrary bodies to the API's JSON reader: it
// must never panic, and every failure must be an application error that
// the API can render as a problem.
func FuzzDecodeComplaint(f *testing.F) {
	for _, seed := range []string{
		`{"channel":"phone","category":"other","description":"x","complainant":{"name":"A"}}`,
		`{"complainant":{"name":1}}`, `{`, `[]`, `null`, `{"a":1}`, `{} {}`, `{"received_at":"2026-01-01"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/api/v1/complaints", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var in kit.ComplaintInput
		if _, err := kit.DecodeJSON(httptest.NewRecorder(), r, &in); err != nil {
			if e, ok := fault.As(err); !ok || kit.StatusOf[e.Code] < 400 || kit.StatusOf[e.Code] > 499 {
				t.Fatalf("decode error %v is not a 4xx fault", err)
			}
		}
	})
}
