// Package fault defines klacht's one application error type. Domain and
// storage code return it; the HTTP layer maps its Code to a status in one
// table and renders it as RFC 9457 problem+json or as an inline form message.
//
// A fault carries a message key and arguments rather than finished text, so
// the same error reads in Dutch on a staff screen and in English in the API.
package fault

import (
	"errors"
	"fmt"
	"strings"

	"github.com/klacht/klacht/internal/i18n"
)

// Code classifies an error for the caller.
type Code string

const (
	Invalid          Code = "invalid"            // the request is wrong; Field names where
	NotFound         Code = "not_found"          // the thing asked for does not exist
	Conflict         Code = "conflict"           // the request clashes with current state
	Unauthorized     Code = "unauthorized"       // who is asking is not known
	Forbidden        Code = "forbidden"          // who is asking may not do this
	TooLarge         Code = "too_large"          // the request body is over the limit
	RateLimited      Code = "rate_limited"       // too many attempts; try later
	Unsupported      Code = "unsupported"        // wrong media type
	Internal         Code = "internal"           // anything else; details stay in the log
	MethodNotAllowed Code = "method_not_allowed" // the path exists, the method does not
)

// FieldError is one problem with one input field.
type FieldError struct {
	Field string
	Key   string
	Args  []any
}

// Error is the application error.
type Error struct {
	Code   Code
	Key    string // i18n message key
	Args   []any
	Fields []FieldError // for Invalid: every field at fault, in form order
}

// Error renders the message in English, the language of logs and the API.
func (e *Error) Error() string {
	msg := i18n.T(i18n.EN, e.Key, e.Args...)
	if len(e.Fields) == 0 {
		return msg
	}
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+i18n.T(i18n.EN, f.Key, f.Args...))
	}
	return msg + " (" + strings.Join(parts, "; ") + ")"
}

// Field returns the first field at fault, or "".
func (e *Error) Field() string {
	if len(e.Fields) == 0 {
		return ""
	}
	return e.Fields[0].Field
}

// New returns an error with code and message key.
func New(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// InvalidField returns a validation error for one field.
func InvalidField(field, key string, args ...any) *Error {
	return &Error{Code: Invalid, Key: "err.validation", Fields: []FieldError{{Field: field, Key: key, Args: args}}}
}

// Validation collects field errors so a form can show all of them at once.
type Validation struct{ fields []FieldError }

// Add records a problem with field.
func (v *Validation) Add(field, key string, args ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Key: key, Args: args})
}

// Has reports whether field already has a problem.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns the collected problems as one Invalid error, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Key: "err.validation", Fields: v.fields}
}

// As returns the application error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// CodeOf returns err's code, Internal for foreign errors, "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	if e, ok := As(err); ok {
		return e.Code
	}
	return Internal
}

// Wrap adds context to *errp if it holds an error. Deferred at the top of
// a function, it names the function's work once for every way it can fail
// (pkgsite's derrors.Wrap), instead of a prefix repeated at each return.
func Wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf(format+": %w", append(args, *errp)...)
	}
}
