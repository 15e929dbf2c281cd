package kit

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/klacht/klacht/internal/call"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/sheet"
)

func CancellationID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.New(fault.NotFound, "err.not_found")
	}
	return id, nil
}

// PathID is the positive number in the path's {name}; anything else is
// "not found".
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.New(fault.NotFound, "err.not_found")
	}
	return id, nil
}

// WebhookPageSize is how many deliveries a page of an endpoint's log
// shows.
const WebhookPageSize = 50

// Spreadsheet reports whether a request's body is a file an import takes:
// CSV (text/csv) or an XLSX workbook.
func Spreadsheet(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return strings.HasPrefix(ct, "text/csv") || strings.HasPrefix(ct, sheet.ContentType)
}

// RegisterCallURL opens the register form for a call, pre-filled with the
// caller's number and, when the number names one member, their number.
func RegisterCallURL(c call.Call) string {
	q := url.Values{"phone": {c.Caller()}, "call": {strconv.FormatInt(c.ID, 10)}}
	if c.MemberNumber != "" {
		q.Set("member", c.MemberNumber)
	}
	return "/complaints/new?" + q.Encode()
}
