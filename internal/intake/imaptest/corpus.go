package imaptest

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// HostileCorpus generates mails that are broken, odd or hostile: each must
// end as a complaint or in the quarantine, and none may crash anything.
func HostileCorpus() map[string][]byte {
	hdr := func(extra string) string {
		return "From: Piet Klager <piet@example.nl>\r\nTo: service@example.nl\r\nDate: Mon, 02 Mar 2026 10:00:00 +0100\r\n" + extra
	}
	big := strings.Repeat("A", 20<<20)
	pdf := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"))
	c := map[string]string{
		"plain":                hdr("Subject: Gebeld\r\nMessage-ID: <c1@example.nl>\r\n\r\nIk werd gebeld."),
		"no message id":        hdr("Subject: Zonder id\r\n\r\nGeen Message-ID."),
		"missing from":         "To: service@example.nl\r\nSubject: Anoniem\r\nMessage-ID: <c3@example.nl>\r\n\r\nWie ben ik?",
		"garbage from":         "From: ;;;@@@\r\nSubject: x\r\nMessage-ID: <c4@example.nl>\r\n\r\nBody",
		"no header block":      "dit is geen mail",
		"empty":                "",
		"only headers":         hdr("Subject: Leeg\r\nMessage-ID: <c7@example.nl>\r\n\r\n"),
		"html with script":     hdr("Subject: HTML\r\nMessage-ID: <c8@example.nl>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hallo <b>daar</b></p><script>alert('x')</script><img src=x onerror=alert(1)><style>p{}</style>"),
		"broken boundary":      hdr("Subject: Kapot\r\nMessage-ID: <c9@example.nl>\r\nContent-Type: multipart/mixed; boundary=\"abc\"\r\n\r\n--xyz\r\nContent-Type: text/plain\r\n\r\nTekst zonder grens\r\n"),
		"no boundary param":    hdr("Subject: Geen grens\r\nMessage-ID: <c10@example.nl>\r\nContent-Type: multipart/mixed\r\n\r\n--a\r\n\r\nx\r\n--a--\r\n"),
		"unknown charset":      hdr("Subject: =?x-klingon?q?qapla?=\r\nMessage-ID: <c11@example.nl>\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nnuqneH \xff\xfe"),
		"latin1":               hdr("Subject: =?iso-8859-1?q?Cr=E8me_br=FBl=E9e?=\r\nMessage-ID: <c12@example.nl>\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nco\xf6rdinator"),
		"windows-1252":         hdr("Subject: euro\r\nMessage-ID: <c13@example.nl>\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\n\x80 12,50"),
		"invalid utf8":         hdr("Subject: \xc3\x28\r\nMessage-ID: <c14@example.nl>\r\n\r\n\xc3\x28 kapot"),
		"huge attachment":      hdr("Subject: Groot\r\nMessage-ID: <c15@example.nl>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nZie bijlage\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"groot.pdf\"\r\n\r\n%PDF-1.4\n" + big + "\r\n--b--\r\n"),
		"pdf attachment":       hdr("Subject: Brief\r\nMessage-ID: <c16@example.nl>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nZie bijlage\r\n--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"brief.pdf\"\r\n\r\n" + pdf + "\r\n--b--\r\n"),
		"exe attachment":       hdr("Subject: Virus\r\nMessage-ID: <c17@example.nl>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nOpen mij\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"setup.exe\"\r\n\r\nMZ\x90\x00\r\n--b--\r\n"),
		"nested rfc822":        hdr("Subject: Fwd: klacht\r\nMessage-ID: <c18@example.nl>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nDoorgestuurd\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: a@b.nl\r\nSubject: binnen\r\n\r\n<script>x</script>\r\n--b--\r\n"),
		"deep nesting":         hdr("Subject: Diep\r\nMessage-ID: <c19@example.nl>\r\n" + deep(12)),
		"header injection":     hdr("Subject: Hallo\r\n Bcc: victim@example.com\r\nMessage-ID: <c20@example.nl>\r\n\r\nInjectie"),
		"crlf in subject word": hdr("Subject: =?utf-8?q?Hallo=0D=0ABcc:_x@y.z?=\r\nMessage-ID: <c21@example.nl>\r\n\r\nInjectie 2"),
		"bad base64":           hdr("Subject: b64\r\nMessage-ID: <c22@example.nl>\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!"),
		"bad quoted-printable": hdr("Subject: qp\r\nMessage-ID: <c23@example.nl>\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n"),
		"many parts":           hdr("Subject: Veel\r\nMessage-ID: <c24@example.nl>\r\n" + many(80)),
		"reply with reference": hdr("Subject: Re: Uw klacht K-2026-00001 is ontvangen\r\nMessage-ID: <c25@example.nl>\r\n\r\nNog een aanvulling."),
		"unknown reference":    hdr("Subject: Re: K-2019-99999\r\nMessage-ID: <c26@example.nl>\r\n\r\nOude zaak."),
		"long subject":         hdr("Subject: " + strings.Repeat("lang ", 2000) + "\r\nMessage-ID: <c27@example.nl>\r\n\r\nx"),
		"null bytes":           hdr("Subject: nul\x00\r\nMessage-ID: <c28@example.nl>\r\n\r\nnul\x00bytes"),
		"bad message id":       hdr("Subject: id\r\nMessage-ID: <a b c>\r\n\r\nrare id"),
		"future date":          "From: t@example.nl\r\nDate: Fri, 01 Jan 2100 00:00:00 +0000\r\nSubject: toekomst\r\nMessage-ID: <c30@example.nl>\r\n\r\nUit de toekomst",
		"html only entities":   hdr("Subject: ent\r\nMessage-ID: <c31@example.nl>\r\nContent-Type: text/html\r\n\r\n&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer"),
		"too large":            hdr("Subject: te groot\r\nMessage-ID: <c32@example.nl>\r\n\r\n" + strings.Repeat("x", 30<<20+1)),
	}
	out := map[string][]byte{}
	for k, v := range c {
		out[k] = []byte(v)
	}
	return out
}

func deep(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n", i, i)
	}
	b.WriteString("Content-Type: text/plain\r\n\r\ndiep\r\n")
	return b.String()
}

func many(n int) string {
	var b strings.Builder
	b.WriteString("Content-Type: multipart/mixed; boundary=m\r\n\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "--m\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"f%d.txt\"\r\n\r\ndeel %d\r\n", i, i)
	}
	b.WriteString("--m--\r\n")
	return b.String()
}
