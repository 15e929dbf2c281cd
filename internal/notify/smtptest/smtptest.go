// Package smtptest runs a real SMTP server in the test process
// (emersion/go-smtp) that keeps what it receives, and can be stopped and
// started again on the same address to test what happens while mail is down.
package smtptest

import (
	"encoding/base64"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/klacht/klacht/internal/mailauth"
)

// Message is one received mail.
type Message struct {
	From, To string
	Header   mail.Header
	Subject  string // decoded
	Body     string // decoded from quoted-printable or base64
}

// Server is a running test SMTP server.
type Server struct {
	t    testing.TB
	Addr string
	// oauthUser and oauthToken, when set, make the server take mail only
	// after an XOAUTH2 sign-in with them (as Microsoft 365 and Google do).
	oauthUser, oauthToken string

	mu       sync.Mutex
	received []Message
	arrived  chan struct{} // closed and replaced when a mail arrives
	srv      *smtp.Server
}

// Start runs a server on a free loopback port until the test ends.
func Start(t testing.TB) *Server {
	s := &Server{t: t, Addr: "127.0.0.1:0"}
	s.Restart()
	t.Cleanup(s.Stop)
	return s
}

// StartOAuth runs a server that wants an XOAUTH2 sign-in as user with token.
func StartOAuth(t testing.TB, user, token string) *Server {
	s := &Server{t: t, Addr: "127.0.0.1:0", oauthUser: user, oauthToken: token}
	s.Restart()
	t.Cleanup(s.Stop)
	return s
}

// Host and Port split the address.
func (s *Server) Host() string { h, _, _ := net.SplitHostPort(s.Addr); return h }
func (s *Server) Port() int {
	_, p, _ := net.SplitHostPort(s.Addr)
	n := 0
	for _, c := range p {
		n = n*10 + int(c-'0')
	}
	return n
}

// Stop closes the server; connections are refused until Restart.
func (s *Server) Stop() {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// Restart listens again, on the same address once it has one.
func (s *Server) Restart() {
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the old socket may linger a moment
		if ln, err = net.Listen("tcp", s.Addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatalf("smtptest listen %s: %v", s.Addr, err)
	}
	s.Addr = ln.Addr().String()
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		if s.oauthToken != "" {
			return &oauthSession{session: &session{s: s}}, nil
		}
		return &session{s: s}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ErrorLog = nil
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go srv.Serve(ln)
}

// Messages returns what arrived so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.received...)
}

type session struct {
	s        *Server
	from, to string
}

// oauthSession takes mail only after an XOAUTH2 sign-in.
type oauthSession struct {
	*session
	signedIn bool
}

func (x *oauthSession) AuthMechanisms() []string { return []string{mailauth.Mechanism} }

func (x *oauthSession) Auth(mech string) (sasl.Server, error) {
	if mech != mailauth.Mechanism {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return mailauth.Server(func(user, token string) error {
		if user != x.s.oauthUser || token != x.s.oauthToken {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "invalid token"}
		}
		x.signedIn = true
		return nil
	}), nil
}

func (x *oauthSession) Mail(from string, opts *smtp.MailOptions) error {
	if !x.signedIn {
		return smtp.ErrAuthRequired
	}
	return x.session.Mail(from, opts)
}

func (x *session) Reset()        {}
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = to
	return nil
}
func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		return err
	}
	var body io.Reader = m.Body
	switch strings.ToLower(m.Header.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	text, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	x.s.received = append(
		x.s.received,
		Message{
			From:    x.from,
			To:      x.to,
			Header:  m.Header,
			Subject: subject,
			Body:    strings.ReplaceAll(string(text), "\r\n", "\n"),
		},
	)
	if x.s.arrived != nil {
		close(x.s.arrived)
		x.s.arrived = nil
	}
	x.s.mu.Unlock()
	return nil
}

// WaitFor waits until n mails have arrived or timeout passes, and returns
// what arrived: a test waits on the mail itself, not on a guessed time.
func (s *Server) WaitFor(n int, timeout time.Duration) []Message {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if len(s.received) >= n {
			out := append([]Message(nil), s.received...)
			s.mu.Unlock()
			return out
		}
		if s.arrived == nil {
			s.arrived = make(chan struct{})
		}
		next := s.arrived
		s.mu.Unlock()
		select {
		case <-next:
		case <-deadline.C:
			return s.Messages()
		}
	}
}
