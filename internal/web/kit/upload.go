package kit

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// maxUploadBody bounds a form with attachments: every file at its limit,
// and room for the text fields.
const maxUploadBody = complaint.MaxAttachments*complaint.MaxAttachmentSize + 1<<20

// ParseUploadForm reads a form that may carry files (multipart) or not
// (urlencoded). Too large a body is a TooLarge fault.
func ParseUploadForm(w http.ResponseWriter, r *http.Request) error {
	var err error
	limit := int64(MaxFormBody)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		limit = maxUploadBody
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		err = r.ParseMultipartForm(8 << 20) // larger files wait on disk, not in memory
	} else {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return fault.New(fault.TooLarge, "err.too_large", limit)
	}
	if err != nil {
		return fault.New(fault.Invalid, "err.form_broken")
	}
	return FormTextError(r)
}

// AttachmentsOf checks the files posted in field: how many, how large,
// what they really are. Empty file inputs are ignored.
func AttachmentsOf(r *http.Request, field, source string, now func() time.Time) ([]complaint.Attachment, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var files []*multipart.FileHeader
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Size > 0 || fh.Filename != "" {
			files = append(files, fh)
		}
	}
	if len(files) > complaint.MaxAttachments {
		return nil, fault.InvalidField(field, "err.attachment.count", complaint.MaxAttachments)
	}
	var out []complaint.Attachment
	for _, fh := range files {
		if fh.Size > complaint.MaxAttachmentSize {
			return nil, fault.InvalidField(field, "err.attachment.size", fh.Filename, complaint.MaxAttachmentSize>>20)
		}
		f, err := fh.Open()
		if err != nil {
			return nil, fault.InvalidField(field, "err.attachment.empty", fh.Filename)
		}
		data, err := io.ReadAll(io.LimitReader(f, complaint.MaxAttachmentSize+1))
		f.Close()
		if err != nil {
			return nil, fault.InvalidField(field, "err.attachment.empty", fh.Filename)
		}
		a, err := complaint.NewAttachment(field, fh.Filename, data, http.DetectContentType(data), source, now())
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
