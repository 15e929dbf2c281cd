package store

// SetSearchWindow shrinks the search's window and first range, so a test
// register of a few thousand complaints walks several ranges; the returned
// func restores them.
func SetSearchWindow(window, span int) (restore func()) {
	w, s := rankWindow, searchSpan
	rankWindow, searchSpan = window, span
	return func() { rankWindow, searchSpan = w, s }
}
