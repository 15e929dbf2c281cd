package notify

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/klacht/klacht/internal/fault"
	"github.com/wneessen/go-mail"
)

// SMTPConfig is how klacht reaches its mail server (KLACHT_SMTP_*).
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string // the sender address, e.g. "Milieudefensie <service@milieudefensie.nl>"
	// Security is "starttls" (required STARTTLS, the default), "tls"
	// (implicit TLS, usually port 465) or "none" (a relay on localhost).
	Security string
	// Token, when set, signs in with OAuth 2 (XOAUTH2, as Microsoft 365 and
	// Google want) as Username with the access token it gives, instead of
	// the password.
	Token func(ctx context.Context) (string, error)
}

// Mail is one e-mail to send.
type Mail struct {
	To        string
	Subject   string
	Body      string
	MessageID string // stable per outbox item, so a resend after a crash is recognisable
	// FileName and File attach one file (a report's PDF) when set.
	FileName string
	File     []byte
}

// contentTypeOf is an attachment's type by its name.
func contentTypeOf(name string) mail.ContentType {
	if strings.HasSuffix(strings.ToLower(name), ".pdf") {
		return mail.ContentType("application/pdf")
	}
	return mail.ContentType("application/octet-stream")
}

// Check validates the configuration once at start.
func (c SMTPConfig) Check() (err error) {
	defer fault.Wrap(&err, "smtp")
	if c.Host == "" {
		return fmt.Errorf("no host")
	}
	if c.Port <= 0 || c.Port > 65535 {
		return fmt.Errorf("port %d out of range", c.Port)
	}
	if c.From == "" {
		return fmt.Errorf("no from address (KLACHT_SMTP_FROM)")
	}
	switch c.Security {
	case "", "starttls", "tls", "none":
	default:
		return fmt.Errorf("security %q is not starttls, tls or none", c.Security)
	}
	if c.Token != nil {
		if c.Username == "" || c.Password != "" {
			return fmt.Errorf("with OAuth 2, give the mailbox as the username and no password")
		}
		return nil
	}
	if (c.Username == "") != (c.Password == "") {
		return fmt.Errorf("give both a username and a password, or neither")
	}
	return nil
}

// Send delivers one mail. Errors say whether retrying can help: a
// permanent refusal (5xx) is marked so the outbox stops trying.
func (c SMTPConfig) Send(ctx context.Context, m Mail) error {
	opts := []mail.Option{mail.WithPort(c.Port)}
	switch c.Security {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	switch {
	case c.Token != nil:
		token, err := c.Token(ctx)
		if err != nil {
			return err // the provider may answer next time
		}
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthXOAUTH2), mail.WithUsername(c.Username), mail.WithPassword(token))
	case c.Username != "":
		opts = append(
			opts,
			mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(c.Username),
			mail.WithPassword(c.Password),
		)
	}
	client, err := mail.NewClient(c.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	msg := mail.NewMsg()
	if err := msg.From(c.From); err != nil {
		return Permanent(fmt.Errorf("from %q: %w", c.From, err))
	}
	if err := msg.To(m.To); err != nil {
		return Permanent(fmt.Errorf("to %q: %w", m.To, err))
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	if m.MessageID != "" {
		msg.SetMessageIDWithValue(m.MessageID)
	}
	msg.SetBodyString(mail.TypeTextPlain, m.Body)
	if m.FileName != "" {
		if err := msg.AttachReader(m.FileName, bytes.NewReader(m.File), mail.WithFileContentType(contentTypeOf(m.FileName))); err != nil {
			return Permanent(fmt.Errorf("attach %s: %w", m.FileName, err))
		}
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		if isPermanentSMTP(err) {
			return Permanent(err)
		}
		return err
	}
	return nil
}

// isPermanentSMTP looks for a 5xx reply code in an SMTP error.
func isPermanentSMTP(err error) bool {
	s := err.Error()
	for i := 0; i+3 <= len(s); i++ {
		if s[i] == '5' && (i == 0 || s[i-1] == ' ') && s[i+1] >= '0' && s[i+1] <= '9' && s[i+2] >= '0' && s[i+2] <= '9' &&
			(i+3 == len(s) || s[i+3] == ' ' || s[i+3] == '-') {
			return true
		}
	}
	return false
}

// permanentError marks a failure that retrying cannot cure.
type permanentError struct{ error }

func (e permanentError) Unwrap() error { return e.error }

// Permanent marks err as not worth retrying.
func Permanent(err error) error { return permanentError{err} }

// IsPermanent reports whether err was marked Permanent.
func IsPermanent(err error) bool {
	_, ok := err.(permanentError)
	return ok
}
