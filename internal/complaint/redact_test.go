package complaint

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestEveryEventKindIsClassified: each EventKind constant declared in
// event.go says which of its data are contact details.
func TestEveryEventKindIsClassified(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "event.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		vs, ok := node.(*ast.ValueSpec)
		if !ok || vs.Type == nil {
			return true
		}
		if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "EventKind" {
			return true
		}
		for _, v := range vs.Values {
			kind := EventKind(strings.Trim(v.(*ast.BasicLit).Value, `"`))
			n++
			if _, ok := contactData[kind]; !ok {
				t.Errorf("event kind %q is not in contactData", kind)
			}
		}
		return true
	})
	if n < 30 {
		t.Fatalf("found %d event kinds", n)
	}
}

func TestRedactContact(t *testing.T) {
	tests := []struct {
		kind EventKind
		data map[string]any
		want map[string]any
	}{
		{EventMailSent, map[string]any{"to": "jan@example.nl", "kind": "ack"}, map[string]any{"to": Hidden, "kind": "ack"}},
		{
			EventMailRetrying,
			map[string]any{"to": "jan@example.nl", "error": "550 jan@example.nl unknown"},
			map[string]any{"to": Hidden, "error": Hidden},
		},
		{
			EventEmailReceived,
			map[string]any{"from": "jan@example.nl", "subject": "Re"},
			map[string]any{"from": Hidden, "subject": "Re"},
		},
		{EventEmailSent, map[string]any{"to": "jan@example.nl", "text": "Dag"}, map[string]any{"to": Hidden, "text": "Dag"}},
		{
			EventStatusChanged,
			map[string]any{"from": "registered", "to": "in_progress"},
			map[string]any{"from": "registered", "to": "in_progress"},
		},
		{EventKind("new_kind"), map[string]any{"to": "jan@example.nl"}, map[string]any{}},
	}
	for _, tt := range tests {
		e := Event{Kind: tt.kind, Data: tt.data}
		RedactContact(&e)
		for k, v := range tt.want {
			if e.Data[k] != v {
				t.Errorf("%s: %s = %v, want %v", tt.kind, k, e.Data[k], v)
			}
		}
		if len(e.Data) != len(tt.want) {
			t.Errorf("%s: data %v", tt.kind, e.Data)
		}
	}
	e := Event{
		Kind: EventUpdated,
		Data: map[string]any{"changes": map[string]any{"complainant.email": "a@b.nl", "category": "x"}},
	}
	RedactContact(&e)
	if c := e.Data["changes"].(map[string]any); c["complainant.email"] != Hidden || c["category"] != "x" {
		t.Errorf("changes %v", c)
	}
}
