package store

import (
	"context"
	"errors"
	"fmt"
)

// Group commit (SQLite). Every durable commit waits for the disk (fsync),
// and SQLite has one writer: one commit per request caps creates at the
// disk's rate. Creates arriving together share one transaction instead:
// each runs under its own savepoint (a failure undoes only itself), one
// commit makes them all durable, and only then does each caller hear its
// result, so a 201 still means on disk.

// maxGroup bounds how many writes share a commit.
const maxGroup = 128

type groupJob struct {
	ctx  context.Context
	fn   func(c conn) error
	done chan error
}

// startGroup starts the writer that batches jobs; Close stops it.
func (s *Store) startGroup() {
	s.group = make(chan *groupJob, maxGroup)
	s.groupDone = make(chan struct{})
	go func() {
		defer close(s.groupDone)
		for j := range s.group {
			batch := []*groupJob{j}
		drain:
			for len(batch) < maxGroup {
				select {
				case next, ok := <-s.group:
					if !ok {
						break drain
					}
					batch = append(batch, next)
				default:
					break drain
				}
			}
			s.runGroup(batch)
		}
	}()
}

// runGroup runs a batch in one transaction and tells each job its result.
func (s *Store) runGroup(batch []*groupJob) {
	results := make([]error, len(batch))
	tx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		for _, j := range batch {
			j.done <- fmt.Errorf("begin: %w", err)
		}
		return
	}
	defer s.afterWriteTx(context.Background())
	c := s.inWriteTx(tx)
	if len(batch) == 1 {
		// Alone: no savepoint needed, the transaction is the job's.
		if results[0] = runAlone(batch[0], c); results[0] != nil {
			if err := tx.Rollback(); err != nil {
				results[0] = errors.Join(results[0], fmt.Errorf("rollback: %w", err))
			}
			batch[0].done <- results[0]
			return
		}
	} else {
		for i, j := range batch {
			results[i] = runSavepoint(j, c)
		}
	}
	if err := tx.Commit(); err != nil {
		for i := range results {
			if results[i] == nil {
				results[i] = fmt.Errorf("commit: %w", err)
			}
		}
	}
	for i, j := range batch {
		j.done <- results[i]
	}
}

// runAlone runs a job that has the transaction to itself.
func runAlone(j *groupJob, c conn) (err error) {
	if err := j.ctx.Err(); err != nil {
		return err
	}
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("write panicked: %v", v)
		}
	}()
	return j.fn(c)
}

// runSavepoint runs one job inside the batch; its failure (or panic) is
// undone to its savepoint and is its own.
func runSavepoint(j *groupJob, c conn) (err error) {
	if err := j.ctx.Err(); err != nil {
		return err
	}
	if _, err := c.q.ExecContext(context.Background(), "SAVEPOINT g"); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("write panicked: %v", v)
		}
		if err != nil {
			if _, rbErr := c.q.ExecContext(context.Background(), "ROLLBACK TO g"); rbErr != nil {
				err = errors.Join(err, fmt.Errorf("rollback to savepoint: %w", rbErr))
			}
		}
		if _, relErr := c.q.ExecContext(context.Background(), "RELEASE g"); relErr != nil && err == nil {
			err = fmt.Errorf("release savepoint: %w", relErr)
		}
	}()
	return j.fn(c)
}

// groupTx runs fn in a write transaction, on SQLite shared with the
// writes that arrive at the same moment (see above); on PostgreSQL, which
// commits concurrent transactions side by side, in one of its own.
func (s *Store) groupTx(ctx context.Context, fn func(c conn) error) error {
	if s.group == nil {
		return s.inTx(ctx, fn)
	}
	j := &groupJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.group <- j:
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued, the job's fate is the batch's: wait for it even if the
	// caller gives up, so "failed" never hides "committed".
	return <-j.done
}
