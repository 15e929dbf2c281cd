package ui

import (
	"embed"
	"io/fs"
)

//go:embed templates
var templates embed.FS

// Templates are the staff pages, parsed with the shared layout by kit.LoadPages.
func Templates() fs.FS { return templates }
