// Package imaptest runs a real IMAP server in the test process (go-imap
// v2's imapserver with its in-memory backend), over TLS with a certificate
// made for the test, and lets the test put mails in the box.
package imaptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-sasl"

	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/klacht/klacht/internal/mailauth"
)

// Server is a running IMAP server with one user and an INBOX.
type Server struct {
	Addr     string
	Username string
	Password string
	Client   *tls.Config // trusts the server's certificate (nil without TLS)
	Security string      // as IMAPConfig.Security: "tls" or "none"
	t        testing.TB
}

// Start runs the server until the test ends.
func Start(t testing.TB) *Server { return start(t, "") }

// StartOAuth runs a server that takes the user's XOAUTH2 sign-in with
// token (and a password sign-in, which the test's own client uses).
func StartOAuth(t testing.TB, token string) *Server { return start(t, token) }

func start(t testing.TB, token string) *Server {
	cert, pool := selfSigned(t)
	mem := imapmemserver.New()
	user := imapmemserver.NewUser("service@example.nl", "mailbox-password")
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			if token != "" {
				return &oauthSession{SessionIMAP4rev2: mem.NewSession().(imapserver.SessionIMAP4rev2), token: token}, nil, nil
			}
			return mem.NewSession(), nil, nil
		},
		Caps:      imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}},
	})
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &Server{Addr: ln.Addr().String(), Username: "service@example.nl", Password: "mailbox-password",
		Client: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}, Security: "tls", t: t}
}

// oauthSession adds XOAUTH2: a good token signs the user in as if with
// the password.
type oauthSession struct {
	imapserver.SessionIMAP4rev2
	token string
}

func (s *oauthSession) AuthenticateMechanisms() []string { return []string{mailauth.Mechanism} }

func (s *oauthSession) Authenticate(mech string) (sasl.Server, error) {
	return mailauth.Server(func(user, token string) error {
		if user != "service@example.nl" || token != s.token {
			return &imap.Error{
				Type: imap.StatusResponseTypeNo,
				Code: imap.ResponseCodeAuthenticationFailed,
				Text: "invalid token",
			}
		}
		return s.SessionIMAP4rev2.Login("service@example.nl", "mailbox-password")
	}), nil
}

// Append puts a raw mail in the INBOX, unseen.
func (s *Server) Append(raw []byte) { s.AppendAt(raw, time.Time{}) }

// AppendAt puts a raw mail in the INBOX, unseen, as received at (its
// INTERNALDATE); the zero time lets the server say now.
func (s *Server) AppendAt(raw []byte, at time.Time) {
	s.t.Helper()
	c := s.client()
	defer c.Close()
	s.append(c, raw, at)
}

// AppendAll puts raw mails in the INBOX, unseen, over one connection: a
// full mailbox made quickly.
func (s *Server) AppendAll(raws [][]byte) {
	s.t.Helper()
	c := s.client()
	defer c.Close()
	for _, raw := range raws {
		s.append(c, raw, time.Time{})
	}
}

func (s *Server) append(c *imapclient.Client, raw []byte, at time.Time) {
	s.t.Helper()
	var opts *imap.AppendOptions
	if !at.IsZero() {
		opts = &imap.AppendOptions{Time: at}
	}
	cmd := c.Append("INBOX", int64(len(raw)), opts)
	if _, err := cmd.Write(raw); err != nil {
		s.t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		s.t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		s.t.Fatalf("append: %v", err)
	}
}

// Unseen counts the INBOX's unseen mails.
func (s *Server) Unseen() int {
	s.t.Helper()
	c := s.client()
	defer c.Close()
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		s.t.Fatal(err)
	}
	data, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagSeen}}, nil).Wait()
	if err != nil {
		s.t.Fatal(err)
	}
	return len(data.AllUIDs())
}

// MarkAllUnseen takes the \Seen flag off every mail in the INBOX, as if
// the mailbox were restored or another program had reset it.
func (s *Server) MarkAllUnseen() {
	s.t.Helper()
	c := s.client()
	defer c.Close()
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		s.t.Fatal(err)
	}
	all := imap.SeqSet{}
	all.AddRange(1, 0)
	unseen := &imap.StoreFlags{Op: imap.StoreFlagsDel, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}
	if err := c.Store(all, unseen, nil).Close(); err != nil {
		s.t.Fatal(err)
	}
}

func (s *Server) client() *imapclient.Client {
	var c *imapclient.Client
	var err error
	if s.Security == "none" {
		c, err = imapclient.DialInsecure(s.Addr, nil)
	} else {
		c, err = imapclient.DialTLS(s.Addr, &imapclient.Options{TLSConfig: s.Client})
	}
	if err != nil {
		s.t.Fatal(err)
	}
	if err := c.Login(s.Username, s.Password).Wait(); err != nil {
		s.t.Fatal(err)
	}
	return c
}

func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "klacht test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
