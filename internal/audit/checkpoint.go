package audit

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
)

// Checkpoint is a signed statement of how far the audit log reached at a
// moment: its number of entries and the hash of the last. Kept where the
// database's owner cannot silently rewrite it (a file beside the backups,
// the server's log, the data protection officer's weekly mail), it shows
// when entries were later removed from the end, or the log emptied, which
// the chain alone cannot: nothing follows the last entry to break.
type Checkpoint struct {
	At      time.Time `json:"at"`
	Entries int64     `json:"entries"` // the log's entries: ids 1 to Entries
	Head    string    `json:"head"`    // the hash of entry Entries
	KeyID   string    `json:"key_id"`
	MAC     string    `json:"mac"`
}

func (c Checkpoint) sum(secret []byte) string {
	h := hmac.New(sha256.New, secret)
	fmt.Fprintf(h, "klacht audit checkpoint;%s;%d;%s;%s", c.At.UTC().Format(time.RFC3339Nano), c.Entries, c.Head, c.KeyID)
	return hex.EncodeToString(h.Sum(nil))
}

// Sign signs c with key.
func (c *Checkpoint) Sign(key Key) {
	c.At = c.At.UTC().Truncate(time.Second)
	c.KeyID = key.ID
	c.MAC = c.sum(key.Secret)
}

// Verify checks c's signature with the keys of ring.
func (c Checkpoint) Verify(ring Keyring) error {
	key, ok := ring.Find(c.KeyID)
	if !ok {
		return fmt.Errorf(
			"checkpoint of %s is signed with audit key %s, which is not in the key file",
			c.At.Format(time.RFC3339),
			c.KeyID,
		)
	}
	if !hmac.Equal([]byte(c.sum(key.Secret)), []byte(c.MAC)) {
		return fmt.Errorf("checkpoint of %s does not match its signature: it was changed", c.At.Format(time.RFC3339))
	}
	return nil
}

// String is the checkpoint as one line of JSON, as files and mails keep it.
func (c Checkpoint) String() string {
	b, _ := json.Marshal(c)
	return string(b)
}

// ReadCheckpoints reads checkpoints, one JSON line each; other lines (a
// mail's text around one, say) are skipped.
func ReadCheckpoints(r io.Reader) ([]Checkpoint, error) {
	var out []Checkpoint
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var c Checkpoint
		if json.Unmarshal(sc.Bytes(), &c) == nil && c.MAC != "" {
			out = append(out, c)
		}
	}
	return out, sc.Err()
}

// AppendCheckpoint adds c to the file at path, made if missing, and syncs.
func AppendCheckpoint(path string, c Checkpoint) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("checkpoint file: %w", err)
	}
	if _, err := f.WriteString(c.String() + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("checkpoint file %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("checkpoint file %s: %w", path, err)
	}
	return f.Close()
}

// Against checks the log against c: entries is how many the log holds
// now and hashOf gives the hash of an entry by id (false: no such entry).
// It names what is missing or rewritten.
func (c Checkpoint) Against(entries int64, hashOf func(id int64) (string, bool, error)) error {
	at := c.At.Format(time.RFC3339)
	if c.Entries == 0 {
		return nil
	}
	if entries < c.Entries {
		if entries == 0 {
			return fmt.Errorf(
				"the audit log is empty, but the checkpoint of %s saw %d entries: every entry was removed",
				at,
				c.Entries,
			)
		}
		return fmt.Errorf(
			"the audit log ends at entry %d, but the checkpoint of %s saw %d entries: entries %d to %d were removed from the end",
			entries,
			at,
			c.Entries,
			entries+1,
			c.Entries,
		)
	}
	h, ok, err := hashOf(c.Entries)
	if err != nil {
		return err
	}
	if !ok || h != c.Head {
		return fmt.Errorf("entry %d is not the entry the checkpoint of %s saw: the log up to it was rewritten", c.Entries, at)
	}
	return nil
}
