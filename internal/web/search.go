package web

// hitView is a complaint found by a search, with the passage that matched
// (HTML: escaped text, matches in <mark>).
type hitView struct {
	complaintView
	Snippet string `json:"snippet,omitempty"`
}
