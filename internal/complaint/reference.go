package complaint

import (
	"fmt"
	"regexp"
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
