package intake

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/jobs"
	"github.com/klacht/klacht/internal/mailauth"
)

// IMAPConfig is the mailbox klacht reads (KLACHT_IMAP_*).
type IMAPConfig struct {
	Addr     string // host:port
	Username string
	Password string
	Security string // "tls" (the default, port 993), "starttls" or "none"
	Folder   string // INBOX unless set
	// Token, when set, signs in with OAuth 2 (XOAUTH2) as Username with the
	// access token it gives, instead of the password.
	Token func(ctx context.Context) (string, error)
	// TLS overrides the TLS settings, for tests with their own certificate.
	TLS *tls.Config
}

// Check validates the configuration once at start.
func (c IMAPConfig) Check() (err error) {
	defer fault.Wrap(&err, "imap")
	switch {
	case c.Addr == "":
		return fmt.Errorf("no address")
	case c.Token != nil && (c.Username == "" || c.Password != ""):
		return fmt.Errorf("with OAuth 2, give the mailbox as the username and no password")
	case c.Token == nil && (c.Username == "" || c.Password == ""):
		return fmt.Errorf("give a username and a password")
	}
	switch c.Security {
	case "", "tls", "starttls", "none":
	default:
		return fmt.Errorf("security %q is not tls, starttls or none", c.Security)
	}
	return nil
}

// Mail is one mail read from the mailbox.
type Mail struct {
	Raw []byte
	// ReceivedAt is when the mailbox got the mail (IMAP INTERNALDATE);
	// zero when the server did not say.
	ReceivedAt time.Time
	// Mailbox says where it was read: folder, UIDVALIDITY and UID.
	Mailbox string
}

// Deliver takes one mail in. It returns nil once the mail's outcome is
// safely stored (a complaint, an addition, the quarantine, or "the same
// message, taken in before"); only then is the mail marked done in the box.
type Deliver func(ctx context.Context, m Mail) error

// Poller reads the mailbox: every unseen mail is delivered and, once
// delivery has committed, marked \Seen. A crash between the two leaves
// the mail unseen; the next poll delivers it again, and Deliver knows the
// message by the digest of its bytes, so that is recorded as a duplicate
// and makes nothing new. Nothing is lost, nothing doubled.
type Poller struct {
	Config  IMAPConfig
	Deliver Deliver
	Every   time.Duration
	Log     *slog.Logger
}

// Run polls until ctx ends.
func (p *Poller) Run(ctx context.Context) error {
	return jobs.Loop(ctx, p.Every, p.Log, "mailbox", p.Tick)
}

func (p *Poller) dial() (*imapclient.Client, error) {
	opts := &imapclient.Options{TLSConfig: p.Config.TLS}
	switch p.Config.Security {
	case "none":
		return imapclient.DialInsecure(p.Config.Addr, opts)
	case "starttls":
		return imapclient.DialStartTLS(p.Config.Addr, opts)
	}
	return imapclient.DialTLS(p.Config.Addr, opts)
}

// Tick takes in every unseen mail and returns how many it delivered.
func (p *Poller) Tick(ctx context.Context) (int, error) {
	c, err := p.dial()
	if err != nil {
		return 0, fmt.Errorf("imap dial %s: %w", p.Config.Addr, err)
	}
	defer c.Close()
	if p.Config.Token != nil {
		token, err := p.Config.Token(ctx)
		if err != nil {
			return 0, err
		}
		if err := c.Authenticate(mailauth.Client(p.Config.Username, token)); err != nil {
			return 0, fmt.Errorf("imap authenticate (XOAUTH2): %w", err)
		}
	} else if err := c.Login(p.Config.Username, p.Config.Password).Wait(); err != nil {
		return 0, fmt.Errorf("imap login: %w", err)
	}
	folder := p.Config.Folder
	if folder == "" {
		folder = "INBOX"
	}
	sel, err := c.Select(folder, nil).Wait()
	if err != nil {
		return 0, fmt.Errorf("imap select %s: %w", folder, err)
	}
	found, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagSeen}}, nil).Wait()
	if err != nil {
		return 0, fmt.Errorf("imap search: %w", err)
	}
	section := &imap.FetchItemBodySection{Peek: true}
	n := 0
	for _, uid := range found.AllUIDs() {
		if ctx.Err() != nil {
			break
		}
		opts := &imap.FetchOptions{UID: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{section}}
		bufs, err := c.Fetch(imap.UIDSetNum(uid), opts).Collect()
		if err != nil || len(bufs) == 0 {
			return n, fmt.Errorf("imap fetch %d: %w", uid, err)
		}
		m := Mail{Raw: bufs[0].FindBodySection(section), ReceivedAt: bufs[0].InternalDate,
			Mailbox: fmt.Sprintf("%s/%d/%d", folder, sel.UIDValidity, uid)}
		if err := p.Deliver(ctx, m); err != nil {
			// Not marked: the next poll tries again.
			p.Log.ErrorContext(ctx, "mail not taken in", "uid", uid, "err", err)
			continue
		}
		seen := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}
		if err := c.Store(imap.UIDSetNum(uid), seen, nil).Close(); err != nil {
			return n, fmt.Errorf("imap mark %d seen: %w", uid, err)
		}
		n++
	}
	if err := c.Logout().Wait(); err != nil {
		p.Log.DebugContext(ctx, "imap logout", "err", err)
	}
	return n, nil
}
