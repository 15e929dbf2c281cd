// Package arch holds no code: its tests check the layers of klacht as
// docs/architecture.md draws them (which package may import which, where a
// rule may be written), so the shape does not drift.
package arch
