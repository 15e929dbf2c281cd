package complaint

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// FormatReference renders the human reference of the seq-th complaint of
// year, e.g. K-2026-00042. Five digits keep references sortable up to
// 99,999 a year; beyond that the number simply grows wider.
func FormatReference(prefix string, year int, seq int64) string {
	return fmt.Sprintf("%s-%04d-%05d", prefix, year, seq)
}

var referencePattern = regexp.MustCompile(`^[A-Z]{1,5}-\d{4}-\d{5,}$`)

// LooksLikeReference reports whether s has the shape of a reference, so a
// lookup of rubbish can answer "not found" without a query.
func LooksLikeReference(s string) bool { return referencePattern.MatchString(s) }

// ReferenceParts reads a reference's year and number; ok is false for
// what is not a reference.
func ReferenceParts(ref string) (year int, seq int64, ok bool) {
	if !LooksLikeReference(ref) {
		return 0, 0, false
	}
	parts := strings.Split(ref, "-")
	y, err1 := strconv.Atoi(parts[1])
	n, err2 := strconv.ParseInt(parts[2], 10, 64)
	return y, n, err1 == nil && err2 == nil
}
