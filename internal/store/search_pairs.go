package store

import "strings"

// phrasePairs is what a PostgreSQL text query (as the database prints a
// tsquery) needs of the index of word pairs (search_pairs, migration
// 00050): the pairs of words its phrases hold next to each other, as a
// tsquery of them all, or "" when it needs none or may match without
// them. Every complaint that matches the query holds every pair, because
// a pair is the phrase operator on the same positions; the query itself
// is still checked on each complaint the pairs find.
//
// Only a query of words and phrases all required gives pairs: with "or"
// or "not" a match need not hold a phrase's words. Parentheses, prefixes
// and weights give none either (websearch_to_tsquery writes none of them
// for what people type into the search box; a phrase with a stop word in
// it keeps its other pairs).
func phrasePairs(tsquery string) string {
	type word struct {
		text  string // as printed: quotes doubled, backslashes escaped
		plain bool   // no prefix or weight after it
	}
	var pairs []string
	var last *word // the word before the operator just read
	adjacent := false
	for s := strings.TrimSpace(tsquery); s != ""; s = strings.TrimSpace(s) {
		switch {
		case s[0] == '\'':
			end := 1
			for end < len(s) {
				if s[end] == '\\' && end+1 < len(s) {
					end += 2
					continue
				}
				if s[end] == '\'' {
					if end+1 < len(s) && s[end+1] == '\'' {
						end += 2
						continue
					}
					break
				}
				end++
			}
			if end >= len(s) {
				return "" // not a tsquery as the database prints one
			}
			w := word{text: s[1:end], plain: true}
			s = s[end+1:]
			if strings.HasPrefix(s, ":") {
				w.plain = false
				s = strings.TrimLeft(s[1:], "*ABCDabcd")
			}
			if adjacent && last != nil && last.plain && w.plain {
				pairs = append(pairs, "'"+last.text+" "+w.text+"'")
			}
			last, adjacent = &w, false
		case s[0] == '&':
			last, adjacent, s = nil, false, s[1:]
		case strings.HasPrefix(s, "<->"):
			adjacent, s = true, s[len("<->"):]
		case s[0] == '<':
			end := strings.IndexByte(s, '>')
			if end < 0 {
				return ""
			}
			adjacent, s = false, s[end+1:]
		default:
			return "" // "|", "!", parentheses: a match need not hold the pairs
		}
	}
	return strings.Join(pairs, " & ")
}
