package audit

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Key is a secret the audit chain and its checkpoints are signed with. It
// lives outside the database (a key file, or KLACHT_AUDIT_KEY), so that
// whoever can write the database cannot sign what they wrote.
type Key struct {
	ID     string // a fingerprint: the first 8 bytes of the secret's SHA-256, in hex
	Secret []byte
}

// MinKeyBytes is the shortest secret taken.
const MinKeyBytes = 32

// NewKey makes a key of a secret.
func NewKey(secret []byte) (Key, error) {
	if len(secret) < MinKeyBytes {
		return Key{}, fmt.Errorf("an audit key needs at least %d bytes, this one has %d", MinKeyBytes, len(secret))
	}
	sum := sha256.Sum256(secret)
	return Key{ID: hex.EncodeToString(sum[:8]), Secret: secret}, nil
}

// Keyring is the key that signs now and the keys that signed before it
// (rotation: a new key goes first, the old ones stay below it to verify
// what they signed).
type Keyring struct {
	Current *Key
	Old     []Key
}

// Find returns the key with this id.
func (r Keyring) Find(id string) (Key, bool) {
	if r.Current != nil && r.Current.ID == id {
		return *r.Current, true
	}
	for _, k := range r.Old {
		if k.ID == id {
			return k, true
		}
	}
	return Key{}, false
}

// ParseKeys reads keys, one per line (hex or base64, at least 32 bytes),
// the first the current one; blank lines and # comments are skipped.
func ParseKeys(text string) (Keyring, error) {
	var ring Keyring
	sc := bufio.NewScanner(strings.NewReader(text))
	line := 0
	for sc.Scan() {
		line++
		v := strings.TrimSpace(sc.Text())
		if v == "" || strings.HasPrefix(v, "#") {
			continue
		}
		secret, err := hex.DecodeString(v)
		if err != nil {
			if secret, err = base64.StdEncoding.DecodeString(v); err != nil {
				return ring, fmt.Errorf("line %d: not a key in hex or base64", line)
			}
		}
		k, err := NewKey(secret)
		if err != nil {
			return ring, fmt.Errorf("line %d: %w", line, err)
		}
		if ring.Current == nil {
			ring.Current = &k
		} else {
			ring.Old = append(ring.Old, k)
		}
	}
	if ring.Current == nil {
		return ring, errors.New("no key in it")
	}
	return ring, sc.Err()
}

// LoadKeyFile reads the key file at path. With create set, a missing file
// is made with a new random key (readable by its owner only); created
// says so.
func LoadKeyFile(path string, create bool) (ring Keyring, created bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && create {
		secret := make([]byte, MinKeyBytes)
		if _, err := rand.Read(secret); err != nil {
			return ring, false, fmt.Errorf("audit key: %w", err)
		}
		text := "# klacht's audit key: keep it out of the database's backups, and back it up apart.\n" +
			"# To rotate, put a new key on the first line and keep the old ones below it.\n" + hex.EncodeToString(secret) + "\n"
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			if errors.Is(err, os.ErrExist) {
				return LoadKeyFile(path, false) // another process made it first
			}
			return ring, false, fmt.Errorf("audit key file %s: %w", path, err)
		}
		if _, err := f.WriteString(text); err != nil {
			f.Close()
			return ring, false, fmt.Errorf("audit key file %s: %w", path, err)
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return ring, false, fmt.Errorf("audit key file %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return ring, false, fmt.Errorf("audit key file %s: %w", path, err)
		}
		ring, err = ParseKeys(text)
		return ring, true, err
	}
	if err != nil {
		return ring, false, fmt.Errorf("audit key file: %w", err)
	}
	ring, err = ParseKeys(string(b))
	if err != nil {
		return ring, false, fmt.Errorf("audit key file %s: %w", path, err)
	}
	return ring, false, nil
}
