// Package pdftest reads PDFs back as text in tests, with pdftotext from
// Debian's poppler-utils: what a reader of the PDF would see.
package pdftest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Env, when set, makes a missing pdftotext a failure instead of a skip;
// CI sets it.
const Env = "KLACHT_TEST_PDFTOTEXT"

// Text returns the PDF's text, read by pdftotext with flags (such as
// "-layout", to keep the lines of a table together). ok is false when
// pdftotext is not installed; that fails the test when Env is set.
func Text(tb testing.TB, pdf []byte, flags ...string) (text string, ok bool) {
	tb.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv(Env) != "" {
			tb.Fatal(Env + " is set but pdftotext is missing (Debian poppler-utils)")
		}
		tb.Log("pdftotext not installed (Debian poppler-utils): the PDF's text is not checked")
		return "", false
	}
	file := filepath.Join(tb.TempDir(), "read.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(bin, append(flags, file, "-")...).Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	return string(out), true
}
