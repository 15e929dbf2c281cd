package web

import (
	"testing"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/web/kit"
)

func TestJSONTextErrorNamesTheField(t *testing.T) {
	tests := map[string]string{
		"{\"a\":\"ok\",\"b\":\"x\x00\"}":                  "b",
		"{\"complainant\":{\"name\":\"\xff\"}}":           "complainant.name",
		`{"complainant":{"name":"ok"},"text":"a\u0000b"}`: "text",
		"{\"items\":[\"ok\",\"\xfe\"]}":                   "items[1]",
		`{"list":[{"x":1},{"y":"\u0000"}]}`:               "list[1].y",
		"{\"k\xffey\":\"v\"}":                             "kXey",
		"{\"a\":[1,2,{\"b\":[true,\"\x00\"]}]}":           "a[2].b[1]",
		"\"\x00\"":                                        "body",
		`{"fine":"Zoë € \ud83d\ude00"}`:                   "",
	}
	for body, want := range tests {
		err := kit.JSONTextError([]byte(body))
		if want == "" {
			if err != nil {
				t.Errorf("%q: %v", body, err)
			}
			continue
		}
		e, ok := fault.As(err)
		if !ok || e.Field() != want {
			t.Errorf("%q: %v, want field %q", body, err, want)
		}
	}
}
