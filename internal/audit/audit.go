// Package audit is the register's own register: who read or changed what,
// when and from where (AVG/GDPR art. 5(2), 30 and 32). Entries are
// append-only and chained: each entry's hash covers its content and the
// hash before it, so a changed or removed entry breaks the chain at a
// place the Verifier names. The hash is an HMAC under a key kept outside
// the database (key.go), so whoever can write the database cannot
// recompute the chain after changing an entry; signed checkpoints kept
// outside the database (checkpoint.go) show when entries were removed
// from the end.
package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/sheet"
)

// Actor is who does something: a user from a given address, or the
// system itself (UserID 0) for background work.
type Actor struct {
	UserID int64  `json:"user_id,omitempty"`
	Name   string `json:"name"`
	Role   string `json:"role,omitempty"`
	IP     string `json:"ip,omitempty"`
}

// System is the actor of background work.
var System = Actor{Name: "klacht"}

type actorKey struct{}

// WithActor returns ctx carrying who acts, so the store records it with
// every change made under ctx.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor ctx carries, or System.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return System
}

// Entry is one line of the audit log.
type Entry struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Actor  Actor     `json:"actor"`
	Action string    `json:"action"` // e.g. complaint.read, complaint.status_changed, login.failed
	Object string    `json:"object"` // e.g. K-2026-00042, user:7
	Detail string    `json:"detail,omitempty"`
	Prev   string    `json:"prev_hash"`
	Hash   string    `json:"hash"`
	// KeyID names the key the hash was made with; empty for entries
	// written before the log was keyed (a plain SHA-256).
	KeyID string `json:"key_id,omitempty"`
}

// Genesis is the hash before the first entry.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Sum is the entry's hash over its content and the previous hash: an
// HMAC-SHA256 under secret, or for an entry of before the key (secret nil)
// a plain SHA-256. Each field is written with its length first, so no two
// different entries write the same bytes.
func (e Entry) Sum(secret []byte) string {
	h := sha256.New()
	fields := []string{
		strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(e.Actor.UserID, 10), e.Actor.Name, e.Actor.Role, e.Actor.IP,
		e.Action, e.Object, e.Detail, e.Prev,
	}
	if secret != nil {
		h = hmac.New(sha256.New, secret)
		fields = append(fields, e.KeyID)
	}
	for _, f := range fields {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Seal sets the entry's place in the chain after prev (id and hash of the
// entry before) and its hash under key (nil: unkeyed, for stores that were
// given no key, such as tests of other things).
func (e *Entry) Seal(prevID int64, prevHash string, key *Key) {
	e.ID, e.Prev = prevID+1, prevHash
	e.At = e.At.UTC().Truncate(time.Microsecond) // as both databases keep it
	e.KeyID = ""
	var secret []byte
	if key != nil {
		e.KeyID, secret = key.ID, key.Secret
	}
	e.Hash = e.Sum(secret)
}

// Break is where a chain is broken.
type Break struct {
	ID     int64
	Reason string
}

func (b Break) Error() string { return fmt.Sprintf("audit entry %d: %s", b.ID, b.Reason) }

// Verifier checks entries one by one, in order of id, with the keys of
// ring.
type Verifier struct {
	ring     Keyring
	prevID   int64
	prevHash string
	keyed    bool // a keyed entry was seen: every later one must be keyed
	Checked  int
}

// NewVerifier starts at the beginning of the chain.
func NewVerifier(ring Keyring) *Verifier { return &Verifier{ring: ring, prevHash: Genesis} }

// Head is the last entry checked: its id and hash.
func (v *Verifier) Head() (int64, string) { return v.prevID, v.prevHash }

// Check checks the next entry; the first break is returned, naming the
// entry at fault.
func (v *Verifier) Check(e Entry) error {
	switch {
	case e.ID != v.prevID+1:
		return Break{e.ID, fmt.Sprintf("follows entry %d: entries between are missing", v.prevID)}
	case e.Prev != v.prevHash:
		return Break{e.ID, "its link to the entry before does not match: that entry was changed or removed"}
	}
	if e.KeyID == "" {
		if v.keyed {
			return Break{
				e.ID,
				"it has no keyed hash, though entries before it have: it was written or rewritten without the key",
			}
		}
		if e.Sum(nil) != e.Hash {
			return Break{e.ID, "its content does not match its hash: the entry was changed"}
		}
	} else {
		key, ok := v.ring.Find(e.KeyID)
		if !ok {
			return Break{e.ID, fmt.Sprintf("it is signed with audit key %s, which is not in the key file: give the key it was written with", e.KeyID)}
		}
		if !hmac.Equal([]byte(e.Sum(key.Secret)), []byte(e.Hash)) {
			return Break{e.ID, "its content does not match its keyed hash: the entry was changed (or the chain recomputed without the key)"}
		}
		v.keyed = true
	}
	v.prevID, v.prevHash = e.ID, e.Hash
	v.Checked++
	return nil
}

// Object names a complaint, user or other thing in the log.
func Object(kind string, id any) string { return kind + ":" + strings.TrimSpace(fmt.Sprint(id)) }

// WriteCSV writes entries as CSV, a line each, with the header first.
func WriteCSV(w io.Writer, entries []Entry) error {
	cw := sheet.NewWriter(w)
	cw.Write([]string{"id", "at", "user_id", "name", "role", "ip", "action", "object", "detail", "hash"})
	for _, e := range entries {
		cw.Write(
			[]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339Nano), strconv.FormatInt(e.Actor.UserID, 10),
				e.Actor.Name, e.Actor.Role, e.Actor.IP, e.Action, e.Object, e.Detail, e.Hash},
		)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("audit csv: %w", err)
	}
	return nil
}
