package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Signed links: a link that names a record and its expiry and carries an
// HMAC over both under a key only the servers know. Nothing is stored per
// link, every server can check it, and the same link can be sent again
// (a reminder) without keeping the link itself anywhere.

// ErrBadLink is a link that is forged, damaged or expired.
var ErrBadLink = errors.New("link is not valid")

// SignLink makes the token of a link for purpose and id, valid until expires.
func SignLink(key []byte, purpose string, id int64, expires time.Time) string {
	exp := expires.Unix()
	return strconv.FormatInt(id, 10) + "." + strconv.FormatInt(exp, 10) + "." + linkMAC(key, purpose, id, exp)
}

// VerifyLink checks a token made by SignLink and returns its id.
func VerifyLink(key []byte, purpose, token string, now time.Time) (int64, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return 0, ErrBadLink
	}
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	exp, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return 0, ErrBadLink
	}
	if !hmac.Equal([]byte(parts[2]), []byte(linkMAC(key, purpose, id, exp))) {
		return 0, ErrBadLink
	}
	if !now.Before(time.Unix(exp, 0)) {
		return 0, fmt.Errorf("%w: expired", ErrBadLink)
	}
	return id, nil
}

func linkMAC(key []byte, purpose string, id, exp int64) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "%s|%d|%d", purpose, id, exp)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
