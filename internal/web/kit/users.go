package kit

import (
	"context"
	"strings"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/store"
)

// UserInput is a user as submitted by a form or the API.
type UserInput struct {
	Email      string `json:"email"`
	Name       string `json:"name"`
	Role       string `json:"role"`
	Department string `json:"department"`
	Lang       string `json:"lang"`
	Active     *bool  `json:"active,omitempty"`
}

// addUser creates a user and returns the link through which they set a
// password.
func (s *Core) AddUser(ctx context.Context, in UserInput) (auth.User, string, error) {
	u, err := s.UserFrom(in)
	if err != nil {
		return u, "", err
	}
	u, token, err := s.Store.CreateUserWithLink(ctx, u, s.Now(), store.PasswordLinkTTL)
	if err != nil {
		return u, "", err
	}
	return u, s.App.BaseURL() + "/password/" + token, nil
}

// user validates the input against the profile.
func (s *Core) UserFrom(in UserInput) (auth.User, error) {
	u, err := auth.NewUser(in.Email, in.Name, auth.Role(in.Role), strings.TrimSpace(in.Department), in.Lang)
	var errs fault.Validation
	if e, ok := fault.As(err); ok {
		for _, f := range e.Fields {
			errs.Add(f.Field, f.Key, f.Args...)
		}
	} else if err != nil {
		return u, err
	}
	if d := strings.TrimSpace(in.Department); d != "" && !s.Profile().HasDepartment(d) {
		errs.Add("department", "err.unknown_key", d)
	}
	if in.Active != nil {
		u.Active = *in.Active
	}
	return u, errs.Err()
}
