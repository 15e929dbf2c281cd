// Package intake turns what arrives from outside into complaints: e-mail
// from an IMAP mailbox now, with a parser that never trusts its input.
package intake

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/htmlindex"
)

// Limits on what one e-mail may make klacht do.
const (
	MaxMessageSize = 30 << 20 // larger mails are quarantined unread
	maxParts       = 50
	maxDepth       = 5
	maxTextRunes   = 20000
)

// Part is a file found in an e-mail.
type Part struct {
	Name string
	Data []byte
}

// Message is an e-mail read for intake.
type Message struct {
	MessageID string // without angle brackets; a digest of the raw mail when it has none
	InReplyTo []string
	FromName  string
	FromEmail string
	To        []string
	Subject   string
	Date      time.Time
	Text      string // plain text; HTML is turned into text, never shown as HTML
	Parts     []Part
	Skipped   []string // files left out, with why
}

// Parse reads a raw e-mail. It fails only when the mail cannot be read as
// a mail at all (no header block, or no sender): such a mail goes to the
// quarantine with its raw bytes. Everything else, however odd, is read as
// well as it can be.
func Parse(raw []byte) (Message, error) {
	var m Message
	if len(raw) > MaxMessageSize {
		return m, fmt.Errorf("mail of %d bytes is over the %d byte limit", len(raw), MaxMessageSize)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return m, fmt.Errorf("read mail: %w", err)
	}
	h := msg.Header
	m.MessageID = cleanID(h.Get("Message-Id"))
	if m.MessageID == "" {
		sum := sha256.Sum256(raw)
		m.MessageID = "sha256-" + hex.EncodeToString(sum[:16]) + "@klacht.invalid"
	}
	for _, v := range []string{h.Get("In-Reply-To"), h.Get("References")} {
		for _, id := range strings.Fields(v) {
			if id = cleanID(id); id != "" {
				m.InReplyTo = append(m.InReplyTo, id)
			}
		}
	}
	m.Subject = oneLine(decodeHeader(h.Get("Subject")))
	from, err := mail.ParseAddress(decodeHeader(h.Get("From")))
	if err != nil || !strings.Contains(from.Address, "@") {
		return m, fmt.Errorf("no usable sender: %q", h.Get("From"))
	}
	m.FromName, m.FromEmail = oneLine(from.Name), strings.ToLower(from.Address)
	if list, err := mail.ParseAddressList(decodeHeader(h.Get("To"))); err == nil {
		for _, a := range list {
			m.To = append(m.To, strings.ToLower(a.Address))
		}
	}
	if d, err := h.Date(); err == nil {
		m.Date = d.UTC()
	}
	var texts, htmls []string
	walk(&m, h, msg.Body, 0, &texts, &htmls)
	switch {
	case len(texts) > 0:
		m.Text = strings.Join(texts, "\n\n")
	case len(htmls) > 0:
		m.Text = strings.Join(htmls, "\n\n")
	}
	m.Text = clip(strings.TrimSpace(strings.ReplaceAll(m.Text, "\r\n", "\n")), maxTextRunes)
	return m, nil
}

// header is what mail.Header and a MIME part's header have in common.
type header interface{ Get(string) string }

// walk reads one MIME entity: text into texts or htmls, files into Parts,
// multiparts part by part, a forwarded mail (message/rfc822) as a file.
func walk(m *Message, h header, body io.Reader, depth int, texts, htmls *[]string) {
	if depth > maxDepth || len(m.Parts)+len(m.Skipped) > maxParts {
		m.Skipped = append(m.Skipped, "(nested too deep)")
		return
	}
	ctype, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || ctype == "" {
		ctype, params = "text/plain", map[string]string{"charset": "utf-8"}
	}
	_, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	name := decodeHeader(dparams["filename"])
	if name == "" {
		name = decodeHeader(params["name"])
	}
	if strings.HasPrefix(ctype, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				if err != io.EOF && len(*texts)+len(*htmls) == 0 {
					// A broken boundary: keep what can be read as text.
					rest, _ := io.ReadAll(io.LimitReader(body, 1<<20))
					*texts = append(*texts, toUTF8(rest, "utf-8"))
				}
				return
			}
			walk(m, p.Header, p, depth+1, texts, htmls)
		}
	}
	data, err := io.ReadAll(io.LimitReader(decodeTransfer(h.Get("Content-Transfer-Encoding"), body), MaxMessageSize))
	if err != nil && len(data) == 0 {
		m.Skipped = append(m.Skipped, name+" (unreadable)")
		return
	}
	switch {
	case name == "" && ctype == "text/plain":
		*texts = append(*texts, toUTF8(data, params["charset"]))
	case name == "" && ctype == "text/html":
		*htmls = append(*htmls, htmlToText(toUTF8(data, params["charset"])))
	case ctype == "message/rfc822":
		if name == "" {
			name = "forwarded.eml"
		}
		m.Parts = append(m.Parts, Part{Name: name, Data: data})
	default:
		if name == "" {
			name = "part"
		}
		m.Parts = append(m.Parts, Part{Name: name, Data: data})
	}
}

func decodeTransfer(enc string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &stripSpace{r: r})
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// stripSpace drops line breaks from base64, which the decoder rejects.
type stripSpace struct{ r io.Reader }

func (s *stripSpace) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	j := 0
	for _, b := range p[:n] {
		if b != '\r' && b != '\n' && b != ' ' && b != '\t' {
			p[j] = b
			j++
		}
	}
	if j == 0 && n > 0 && err == nil {
		return s.Read(p)
	}
	return j, err
}

// toUTF8 decodes text in charset; an unknown charset or invalid bytes are
// read as UTF-8 with the broken sequences replaced.
func toUTF8(data []byte, charset string) string {
	cs := strings.ToLower(strings.TrimSpace(charset))
	if cs != "" && cs != "utf-8" && cs != "us-ascii" && cs != "utf8" {
		if enc, err := htmlindex.Get(cs); err == nil {
			if out, err := enc.NewDecoder().Bytes(data); err == nil {
				data = out
			}
		}
	}
	return strings.ToValidUTF8(string(data), "\uFFFD")
}

var wordDecoder = &mime.WordDecoder{CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return input, nil // unknown: keep the bytes, made valid later
	}
	return enc.NewDecoder().Reader(input), nil
}}

func decodeHeader(v string) string {
	d, err := wordDecoder.DecodeHeader(v)
	if err != nil {
		d = v
	}
	return strings.ToValidUTF8(d, "\uFFFD")
}

// oneLine removes line breaks and control characters from a header value,
// so no header can inject another.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return clip(strings.Join(strings.Fields(s), " "), 300)
}

func cleanID(v string) string {
	v = strings.TrimSpace(v)
	v = strings.TrimPrefix(v, "<")
	v = strings.TrimSuffix(v, ">")
	if strings.ContainsAny(v, " \t\r\n<>") || len(v) > 250 {
		return ""
	}
	return v
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

var blockTags = regexp.MustCompile(`^(p|div|br|li|tr|h[1-6]|table|ul|ol|blockquote)$`)

// htmlToText reads HTML as text: scripts, styles and everything else that
// is not text are dropped, blocks become line breaks. klacht never shows
// mail HTML as HTML, so nothing in it can run.
func htmlToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(collapseBlank(b.String()))
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if tag == "script" || tag == "style" || tag == "head" || tag == "noscript" || tag == "template" {
				skip++
			}
			if blockTags.MatchString(tag) {
				b.WriteString("\n")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if (tag == "script" || tag == "style" || tag == "head" || tag == "noscript" || tag == "template") && skip > 0 {
				skip--
			}
			if blockTags.MatchString(tag) {
				b.WriteString("\n")
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}

func collapseBlank(s string) string {
	lines := strings.Split(s, "\n")
	var out []string
	blank := 0
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
