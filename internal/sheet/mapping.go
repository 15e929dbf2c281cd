package sheet

import (
	"fmt"
	"slices"
	"strings"
)

// An import's column mapping: which column of the file each field is read
// from, written "field=Column,field=Column" and kept per source.

// DefaultMapping reads each of fields from a column of its own name.
func DefaultMapping(fields []string) map[string]string {
	m := make(map[string]string, len(fields))
	for _, f := range fields {
		m[f] = f
	}
	return m
}

// ParseMapping reads "field=Column,field=Column" over the default; a field
// not among fields is an error naming them.
func ParseMapping(s string, fields []string) (map[string]string, error) {
	m := DefaultMapping(fields)
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		f, col, ok := strings.Cut(pair, "=")
		f, col = strings.TrimSpace(f), strings.TrimSpace(col)
		if !ok || col == "" || !slices.Contains(fields, f) {
			return nil, fmt.Errorf("mapping %q: want field=column with a field of %s", pair, strings.Join(fields, ", "))
		}
		m[f] = col
	}
	return m, nil
}

// MappingString writes m as ParseMapping reads it: the fields whose column
// has another name, in the order of fields.
func MappingString(m map[string]string, fields []string) string {
	var pairs []string
	for _, f := range fields {
		if col, ok := m[f]; ok && col != f {
			pairs = append(pairs, f+"="+col)
		}
	}
	return strings.Join(pairs, ",")
}
