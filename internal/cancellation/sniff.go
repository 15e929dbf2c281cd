package cancellation

import (
	"bufio"
	"bytes"
	"io"
)

// sniffer peeks at the header line to choose the separator: Dutch
// spreadsheets write semicolons, the rest of the world commas.
type sniffer struct{ *bufio.Reader }

func newSniffer(r io.Reader) sniffer { return sniffer{bufio.NewReaderSize(r, 64<<10)} }

func (s sniffer) comma() rune {
	head, _ := s.Peek(4096)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	if bytes.Count(head, []byte(";")) > bytes.Count(head, []byte(",")) {
		return ';'
	}
	return ','
}
