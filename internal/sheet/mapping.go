package sheet

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/klacht/klacht/internal/fault"
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

// RowError is a row of an imported file that was refused, by its line
// (1 is the header line), with the field at fault and why.
type RowError struct {
	Row     int    `json:"row"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// OpenTable reads a spreadsheet file for import (see NewReader) up to its
// header, and returns the rows after it and each header's column by its
// name in lower case. What is no table is an error a person can read.
func OpenTable(r io.Reader) (Records, map[string]int, error) {
	recs, err := NewReader(r)
	if err != nil {
		if _, ok := fault.As(err); ok {
			return nil, nil, err
		}
		return nil, nil, fault.New(fault.Invalid, "err.csv.header")
	}
	header, err := recs.Read()
	if err != nil {
		return nil, nil, fault.New(fault.Invalid, "err.csv.header")
	}
	col := make(map[string]int, len(header))
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[name]; !dup {
			col[name] = i
		}
	}
	return recs, col, nil
}
