package auth

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"image/png"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
)

// TOTP (RFC 6238): the second factor of a sign-in, a six-digit code an
// authenticator app derives from a shared secret and the time, in 30-second
// steps. SHA-1 and six digits are what every authenticator app reads.

const (
	totpStep   = 30 * time.Second
	totpDigits = 6
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a new random secret in base32, as apps take it.
func NewTOTPSecret() (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("totp secret: %w", err)
	}
	return b32.EncodeToString(b), nil
}

// TOTPStep is the step a moment falls in.
func TOTPStep(t time.Time) int64 { return t.Unix() / int64(totpStep/time.Second) }

// TOTPCode is the code of a secret at a step (RFC 4226's HOTP, by
// github.com/pquerna/otp).
func TOTPCode(secret string, step int64) (string, error) {
	code, err := hotp.GenerateCodeCustom(strings.ToUpper(strings.TrimSpace(secret)), uint64(step),
		hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", fmt.Errorf("totp secret: %w", err)
	}
	return code, nil
}

// VerifyTOTP checks a code at now, allowing one step of clock drift each
// way, and refuses a step at or before last (a code is good once). It
// returns the step the code belongs to.
func VerifyTOTP(secret, code string, now time.Time, last int64) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != totpDigits {
		return 0, false
	}
	cur := TOTPStep(now)
	for _, step := range []int64{cur - 1, cur, cur + 1} {
		if step <= last {
			continue
		}
		want, err := TOTPCode(secret, step)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// TOTPURI is the otpauth:// address an authenticator app reads (typed in,
// or from a QR code of it).
func TOTPURI(issuer, account, secret string) string {
	label := url.PathEscape(issuer + ":" + account)
	q := url.Values{"secret": {secret}, "issuer": {issuer}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	return "otpauth://totp/" + label + "?" + q.Encode()
}

// NeedsSecondFactor tells whether a role must use TOTP when the
// organisation turned it on: those who can see or change the most.
func NeedsSecondFactor(r Role) bool { return r == RoleAdmin || r == RoleDPO }

// TOTPQRCode is the otpauth address uri as a QR code, a PNG of size
// pixels square, for the app's camera.
func TOTPQRCode(uri string, size int) ([]byte, error) {
	key, err := otp.NewKeyFromURL(uri)
	if err != nil {
		return nil, fmt.Errorf("totp qr code: %w", err)
	}
	img, err := key.Image(size, size)
	if err != nil {
		return nil, fmt.Errorf("totp qr code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("totp qr code: %w", err)
	}
	return buf.Bytes(), nil
}
