package kit

import (
	"net/http"
	"time"
)

// MaxAuthForm bounds sign-in and password forms.
const MaxAuthForm = 64 << 10

func (s *Core) SessionCookie() string {
	if s.Secure {
		return "__Host-klacht_session" // the prefix pins it to this host and TLS
	}
	return "klacht_session"
}

func (s *Core) SetCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.Secure, SameSite: http.SameSiteLaxMode,
	})
}
