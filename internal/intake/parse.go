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
	Skipped   []Skipped // parts left out or kept damaged, with why
}

// Skipped is a part of a mail that could not be kept whole.
type Skipped struct {
	Name string `json:"name"`
	// Why is a key the timeline shows in words: unreadable, damaged (kept
	// as far as it could be read), too_deep, too_many, empty, too_large.
	Why string `json:"why"`
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
		// A header block that runs into the body without the blank line
		// between them: the body starts at the first line that is no header.
		fixed, ok := separateBody(raw)
		if !ok {
			return m, fmt.Errorf("read mail: %w", err)
		}
		if msg, err = mail.ReadMessage(bytes.NewReader(fixed)); err != nil {
			return m, fmt.Errorf("read mail: %w", err)
		}
	}
	h := msg.Header
	// Header text in raw 8-bit bytes is read in the charset the mail's
	// body declares, else in Windows-1252, which mail programs write most.
	_, top := parseMediaType(h.Get("Content-Type"))
	hd := headerDecoder{fallback: top["charset"]}
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
	m.Subject = oneLine(hd.decode(h.Get("Subject")))
	from, ok := hd.address(h.Get("From"))
	if !ok {
		from, ok = hd.address(h.Get("Sender"))
	}
	if !ok {
		from, ok = hd.address(h.Get("Reply-To"))
	}
	if !ok {
		return m, fmt.Errorf("no usable sender: %q", h.Get("From"))
	}
	m.FromName, m.FromEmail = oneLine(from.Name), strings.ToLower(from.Address)
	if list, err := (&mail.AddressParser{WordDecoder: wordDecoder}).ParseList(hd.text(h.Get("To"))); err == nil {
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

// separateBody puts the missing blank line between a mail's header block
// and its body: before the first line that is neither a header field nor
// a folded continuation. ok is false when no header field precedes it.
func separateBody(raw []byte) ([]byte, bool) {
	fields := 0
	for i := 0; i < len(raw); {
		end := bytes.IndexByte(raw[i:], '\n')
		if end < 0 {
			end = len(raw) - i
		}
		line := bytes.TrimRight(raw[i:i+end], "\r")
		switch {
		case len(line) == 0:
			return nil, false // a blank line: the block was not the problem
		case line[0] == ' ' || line[0] == '\t':
			if fields == 0 {
				return nil, false
			}
		case headerField.Match(line):
			fields++
		default:
			if fields == 0 {
				return nil, false
			}
			out := append(append(append([]byte{}, raw[:i]...), "\r\n"...), raw[i:]...)
			return out, true
		}
		i += end + 1
	}
	return nil, false
}

var headerField = regexp.MustCompile(`^[!-9;-~]+:`)

// header is what mail.Header and a MIME part's header have in common.
type header interface{ Get(string) string }

// walk reads one MIME entity: text into texts or htmls, files into Parts,
// multiparts part by part, a forwarded mail (message/rfc822) as a file.
// A part is text only when it is inline text without a name and reads as
// text; anything else is a file, so binary content never lands in the
// description.
func walk(m *Message, h header, body io.Reader, depth int, texts, htmls *[]string) {
	if depth > maxDepth || len(m.Parts)+len(m.Skipped) > maxParts {
		m.Skipped = append(m.Skipped, Skipped{Why: "too_deep"})
		return
	}
	ctype, params := parseMediaType(h.Get("Content-Type"))
	if ctype == "" || !strings.Contains(ctype, "/") {
		ctype = "text/plain"
	}
	disposition, dparams := parseMediaType(h.Get("Content-Disposition"))
	name := partName(dparams, params)
	if strings.HasPrefix(ctype, "multipart/") && params["boundary"] != "" {
		whole, _ := io.ReadAll(io.LimitReader(body, MaxMessageSize))
		mr := multipart.NewReader(bytes.NewReader(whole), params["boundary"])
		before, parts := len(*texts)+len(*htmls)+len(m.Parts), 0
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				if len(*texts)+len(*htmls)+len(m.Parts) == before && (err != io.EOF || parts == 0) {
					// No part could be read (a boundary that never comes,
					// a broken part header): keep the body as it is.
					if looksBinary(whole) {
						m.Parts = append(m.Parts, Part{Name: "part.bin", Data: whole})
					} else if text := strings.TrimSpace(toUTF8(whole, params["charset"])); text != "" {
						*texts = append(*texts, text)
					}
				}
				return
			}
			parts++
			walk(m, p.Header, p, depth+1, texts, htmls)
		}
	}
	data, err := io.ReadAll(io.LimitReader(decodeTransfer(h.Get("Content-Transfer-Encoding"), body), MaxMessageSize))
	if err != nil {
		label := name
		if label == "" {
			label = ctype
		}
		if len(data) == 0 {
			m.Skipped = append(m.Skipped, Skipped{Name: label, Why: "unreadable"})
			return
		}
		m.Skipped = append(m.Skipped, Skipped{Name: label, Why: "damaged"})
	}
	// Text is shown where it stands unless it is a file: it has a name and
	// is not marked inline, or it is marked an attachment.
	inline := (name == "" && disposition != "attachment") || disposition == "inline"
	switch {
	case inline && ctype == "text/plain" && !looksBinary(data):
		*texts = append(*texts, toUTF8(data, params["charset"]))
	case inline && ctype == "text/html" && !looksBinary(data):
		*htmls = append(*htmls, htmlToText(toUTF8(data, params["charset"])))
	case ctype == "message/rfc822" || ctype == "message/global":
		if name == "" {
			name = "forwarded.eml"
		}
		m.Parts = append(m.Parts, Part{Name: name, Data: data})
	case len(data) == 0 && name == "":
		// An empty part without a name: nothing to keep.
	default:
		if name == "" {
			name = "part" + extensionOf(ctype)
		}
		m.Parts = append(m.Parts, Part{Name: name, Data: data})
	}
}

// partName is the best name a part's headers give: the disposition's
// filename, else the type's name, with encoded-words decoded (which mail
// programs put inside quoted parameters, against RFC 2047).
func partName(dparams, params map[string]string) string {
	for _, v := range []string{dparams["filename"], params["name"]} {
		if v = oneLine(decodeHeader(v)); v != "" {
			return v
		}
	}
	return ""
}

// extensionOf gives a nameless part a name its type suggests.
func extensionOf(ctype string) string {
	if exts, err := mime.ExtensionsByType(ctype); err == nil && len(exts) > 0 {
		return exts[0]
	}
	return ".bin"
}

// looksBinary reports whether data is not text: it holds NUL bytes or many
// control characters.
func looksBinary(data []byte) bool {
	if len(data) > 8000 {
		data = data[:8000]
	}
	ctrl := 0
	for _, b := range data {
		switch {
		case b == 0:
			return true
		case b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1b:
			ctrl++
		}
	}
	return ctrl*10 > len(data)
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

// toUTF8 decodes text in charset. Text without a charset, or in one no
// decoder knows, is read as UTF-8 when it is valid UTF-8, else as
// Windows-1252 (a superset of ISO-8859-1 that mail programs write when
// they say nothing); so 8-bit text never turns into U+FFFD.
func toUTF8(data []byte, charset string) string {
	cs := strings.ToLower(strings.Trim(strings.TrimSpace(charset), `"'`))
	switch cs {
	case "utf-8", "utf8":
		if utf8.Valid(data) {
			return string(data)
		}
		// Mislabelled 8-bit text: read it as the usual 8-bit charset.
		return decodeWith(data, "windows-1252")
	case "", "us-ascii", "ascii", "unknown-8bit", "x-unknown", "default":
		if utf8.Valid(data) {
			return string(data)
		}
		return decodeWith(data, "windows-1252")
	}
	if enc, err := htmlindex.Get(cs); err == nil {
		if out, err := enc.NewDecoder().Bytes(data); err == nil {
			return strings.ToValidUTF8(string(out), "\uFFFD")
		}
	}
	if utf8.Valid(data) {
		return string(data)
	}
	return decodeWith(data, "windows-1252")
}

func decodeWith(data []byte, charset string) string {
	enc, err := htmlindex.Get(charset)
	if err == nil {
		if out, err := enc.NewDecoder().Bytes(data); err == nil {
			return strings.ToValidUTF8(string(out), "\uFFFD")
		}
	}
	return strings.ToValidUTF8(string(data), "\uFFFD")
}

var wordDecoder = &mime.WordDecoder{CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
	raw, err := io.ReadAll(input)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(toUTF8(raw, charset)), nil
}}

// decodeHeader decodes a header value's encoded-words; raw 8-bit bytes
// are read as Windows-1252.
func decodeHeader(v string) string { return headerDecoder{}.decode(v) }

// headerDecoder reads header values; raw 8-bit bytes (against RFC 5322,
// but common) are read in fallback, the mail's own charset, when set.
type headerDecoder struct{ fallback string }

// text makes a raw header value valid UTF-8 without decoding its
// encoded-words.
func (d headerDecoder) text(v string) string {
	if utf8.ValidString(v) {
		return v
	}
	return toUTF8([]byte(v), d.fallback)
}

func (d headerDecoder) decode(v string) string {
	v = d.text(v)
	out, err := wordDecoder.DecodeHeader(v)
	if err != nil {
		return v
	}
	return strings.ToValidUTF8(out, "\uFFFD")
}

var addressInText = regexp.MustCompile(`[^\s<>"'(),;:]+@[^\s<>"'(),;:]+\.[^\s<>"'(),;:]+`)

// address reads a sender's header: as RFC 5322 says, else after decoding
// its encoded-words, else the first address found in it.
func (d headerDecoder) address(v string) (*mail.Address, bool) {
	if strings.TrimSpace(v) == "" {
		return nil, false
	}
	parser := &mail.AddressParser{WordDecoder: wordDecoder}
	raw := d.text(v)
	for _, try := range []string{raw, d.decode(v)} {
		if list, err := parser.ParseList(try); err == nil && len(list) > 0 && strings.Contains(list[0].Address, "@") {
			return list[0], true
		}
	}
	if a := addressInText.FindString(raw); a != "" {
		return &mail.Address{Address: strings.Trim(a, ".")}, true
	}
	return nil, false
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
