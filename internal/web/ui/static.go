package ui

import (
	"embed"
	"io/fs"
	"net/http"
)

// staticFiles are the style sheet and the one small script, served as
// they are: no build step.
//
//go:embed static
var staticFiles embed.FS

func (s *Handler) static(w http.ResponseWriter, r *http.Request) {
	sub, _ := fs.Sub(staticFiles, "static")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.StripPrefix("/static/", http.FileServerFS(sub)).ServeHTTP(w, r)
}
