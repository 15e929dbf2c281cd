package kit

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/fault"
)

// MaxJSONBody bounds an API request body; a complaint is text, and
// attachments arrive by their own route.
const MaxJSONBody = 1 << 20

// DecodeJSON reads exactly one JSON object from r's body into v, strictly:
// the media type must be JSON, unknown fields and trailing data are errors,
// and a too-large body is refused. It returns the raw body, for hashing.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil ||
		(mt != "application/json" && mt != "application/merge-patch+json" && !strings.HasSuffix(mt, "+json")) {
		return nil, fault.New(fault.Unsupported, "err.media_type")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxJSONBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, fault.New(fault.TooLarge, "err.too_large", tooBig.Limit)
		}
		return nil, fault.New(fault.Invalid, "err.json", err.Error())
	}
	if err := JSONTextError(body); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, jsonError(err)
	}
	if dec.More() {
		return nil, fault.New(fault.Invalid, "err.json.trailing")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fault.New(fault.Invalid, "err.json.trailing")
	}
	return body, nil
}

// jsonError turns a decoding error into a fault naming the field.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return fault.InvalidField(field, "err.json.type", field, typeErr.Type.String())
	case errors.As(err, &syntaxErr):
		return fault.New(fault.Invalid, "err.json", syntaxErr.Error())
	case errors.Is(err, io.EOF):
		return fault.New(fault.Invalid, "err.json", "empty body")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fault.New(fault.Invalid, "err.json", "unexpected end of input")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return fault.InvalidField(name, "err.json.field", name)
	}
	return fault.New(fault.Invalid, "err.json", err.Error())
}

// ParseTime reads an RFC 3339 time, or a date (midnight in loc).
func ParseTime(field, v string, loc *time.Location) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.ParseInLocation("2006-01-02", v, loc); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fault.InvalidField(field, "err.date")
}

// MaxFormBody bounds a staff form post; descriptions are long, not huge.
const MaxFormBody = 256 << 10

// ParseForm reads a posted form of at most limit bytes; when it cannot, it
// answers with an error page and returns false.
func (s *Core) ParseForm(w http.ResponseWriter, r *http.Request, limit int64) bool {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, fault.New(fault.TooLarge, "err.too_large", limit))
		return false
	}
	if err := FormTextError(r); err != nil {
		s.ErrorPage(w, r, err)
		return false
	}
	return true
}

// MaxCSVBody bounds an imported file through the web and the API; larger
// files go through klacht import cancellations.
const MaxCSVBody = 20 << 20
