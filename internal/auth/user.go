// Package auth holds who may do what: users, roles and the permission
// matrix, password hashing, and the secrets behind sessions, API tokens and
// one-time links. It is pure: storage and HTTP live elsewhere.
package auth

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// User is a member of staff who signs in to klacht.
type User struct {
	ID           int64
	Email        string
	Name         string
	Role         Role
	Department   string
	Lang         string
	Active       bool
	PasswordHash string // empty until a password is set
	Digest       bool   // wants the daily e-mail digest
	TOTP         bool   // signs in with a second factor (confirmed)
	CreatedAt    time.Time
}

// MinPassword is the shortest password accepted; length beats rules.
const MinPassword = 12

// NewUser validates and normalises the fields of a new user.
func NewUser(email, name string, role Role, department, lang string) (User, error) {
	var errs fault.Validation
	email = strings.ToLower(strings.TrimSpace(email))
	name = strings.Join(strings.Fields(name), " ")
	if email == "" {
		errs.Add("email", "err.required")
	} else if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		errs.Add("email", "err.email")
	}
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		errs.Add("name", "err.required")
	case n > 200:
		errs.Add("name", "err.too_long", 200)
	}
	if !role.Valid() {
		errs.Add("role", "err.unknown_key", string(role))
	}
	if lang == "" {
		lang = "nl"
	}
	if lang != "nl" && lang != "en" {
		errs.Add("lang", "err.language")
	}
	if err := errs.Err(); err != nil {
		return User{}, err
	}
	return User{Email: email, Name: name, Role: role, Department: department, Lang: lang, Active: true}, nil
}

// CheckPassword tells whether a new password is acceptable.
func CheckPassword(field, pw string) error {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPassword:
		return fault.InvalidField(field, "err.password.short", MinPassword)
	case n > 1024:
		return fault.InvalidField(field, "err.too_long", 1024)
	}
	return nil
}
