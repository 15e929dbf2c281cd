package fault

import (
	"errors"
	"io"
	"testing"
)

func TestWrap(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"no error stays none", nil, ""},
		{"a foreign error gets the context", io.EOF, "load profile 7: EOF"},
		{"an application error keeps its code", New(NotFound, "err.not_found"), "load profile 7: Nothing here."},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.err
			Wrap(&err, "load profile %d", 7)
			if c.err == nil {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			if err.Error() != c.want {
				t.Errorf("got %q, want %q", err.Error(), c.want)
			}
			if !errors.Is(err, c.err) || CodeOf(err) != CodeOf(c.err) {
				t.Errorf("the wrapped error is lost: %v", err)
			}
		})
	}
}
