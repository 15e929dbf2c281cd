package complaint

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"
	"time"
	"unicode"

	"github.com/klacht/klacht/internal/fault"
)

// Attachment is a file that came with a complaint: a scanned letter, a
// photo, a document. Its type is sniffed from its content, never taken
// from its name: the caller sniffs (http.DetectContentType, the WHATWG
// algorithm), this package decides what is kept.
type Attachment struct {
	ID          int64
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
	Data        []byte
	Source      string // form, email, staff, complainant
	CreatedAt   time.Time
}

// Limits on attachments, per file and per submission.
const (
	MaxAttachmentSize = 10 << 20
	MaxAttachments    = 5
)

// allowedTypes are the sniffed types klacht keeps: documents and pictures
// people send with complaints, nothing that runs.
var allowedTypes = map[string]string{
	"application/pdf": ".pdf",
	"image/jpeg":      ".jpg",
	"image/png":       ".png",
	"image/gif":       ".gif",
	"image/webp":      ".webp",
	"text/plain":      ".txt",
}

// NewAttachment checks a file and returns it ready to store: a content
// type of the kinds kept (sniffed is what the bytes' sniffing found), size
// within the limit, a file name safe to show and to offer for download.
func NewAttachment(field, name string, data []byte, sniffed, source string, now time.Time) (Attachment, error) {
	return newAttachment(field, name, data, sniffed, source, now, false)
}

// NewMailAttachment keeps a file that came by e-mail. A mail is evidence:
// a file of a type the forms refuse is kept too, as
// application/octet-stream under its own extension, and like every file it
// is only ever offered as a download, never shown.
func NewMailAttachment(name string, data []byte, sniffed string, now time.Time) (Attachment, error) {
	return newAttachment("attachments", name, data, sniffed, "email", now, true)
}

func newAttachment(
	field, name string,
	data []byte,
	sniffed, source string,
	now time.Time,
	keepAny bool,
) (Attachment, error) {
	if len(data) == 0 {
		return Attachment{}, fault.InvalidField(field, "err.attachment.empty", name)
	}
	if len(data) > MaxAttachmentSize {
		return Attachment{}, fault.InvalidField(field, "err.attachment.size", name, MaxAttachmentSize>>20)
	}
	ct := sniffed
	if i := strings.Index(ct, ";"); i >= 0 {
		ct = ct[:i]
	}
	ext, ok := allowedTypes[ct]
	switch {
	case !ok && keepAny:
		ct, ext = "application/octet-stream", ownExtension(name)
	case !ok:
		return Attachment{}, fault.InvalidField(field, "err.attachment.type", name)
	}
	sum := sha256.Sum256(data)
	return Attachment{
		Filename: safeFilename(name, ext), ContentType: ct, Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), Data: data, Source: source, CreatedAt: now.UTC(),
	}, nil
}

// safeFilename keeps the base name's printable letters, digits and a few
// marks, and gives it the extension of its real type.
func safeFilename(name, ext string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.TrimSuffix(name, path.Ext(name))
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '-', r == '_', r == ' ', r == '.':
			b.WriteRune(r)
		}
		if b.Len() >= 100 {
			break
		}
	}
	clean := strings.Trim(b.String(), ". ")
	if clean == "" {
		clean = "bijlage"
	}
	return clean + ext
}

// ownExtension is a file name's extension when it is short and plain
// (letters and digits), else ".bin".
func ownExtension(name string) string {
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(name, "\\", "/")))
	if len(ext) < 2 || len(ext) > 10 {
		return ".bin"
	}
	for _, r := range ext[1:] {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			return ".bin"
		}
	}
	return ext
}
