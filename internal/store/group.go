package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Group commit. Every durable commit waits for the disk (fsync), and
// creates all take the year's reference counter and the audit chain's end,
// so they run one at a time whatever the database. Creates arriving
// together share one transaction instead: one commit makes them all
// durable, and only then does each caller hear its result, so a 201 still
// means on disk. A batch runs its jobs one after the other; should one
// fail, the batch is undone and run again with each job under its own
// savepoint, so that a failure undoes only itself (the savepoints cost two
// round trips a job on PostgreSQL, paid only then).

// maxGroup bounds how many writes share a commit.
const maxGroup = 128

type groupJob struct {
	ctx context.Context
	fn  func(c conn) error
	// create, when set, is the complaint fn would store: the batch stores
	// its creates together, a statement per table (fn runs only in the
	// batch run again with savepoints).
	create *newComplaint
	done   chan error
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
	live := make([]*groupJob, 0, len(batch))
	for _, j := range batch {
		if err := j.ctx.Err(); err != nil {
			j.done <- err
			continue
		}
		live = append(live, j)
	}
	if len(live) == 0 {
		return
	}
	results, ok := s.runBatch(live, false)
	if !ok {
		results, _ = s.runBatch(live, true)
	}
	for i, j := range live {
		j.done <- results[i]
	}
}

// runBatch runs jobs in one transaction. Without savepoints, a failure of
// any job undoes the batch and ok is false (a job alone is its own
// transaction: its failure is simply its result); with savepoints, each
// failure undoes only its job.
func (s *Store) runBatch(jobs []*groupJob, savepoints bool) (results []error, ok bool) {
	results = make([]error, len(jobs))
	if !savepoints && s.dialect == Postgres && len(jobs) > 1 && allCreates(jobs) {
		creates := make([]*newComplaint, len(jobs))
		for i, j := range jobs {
			creates[i] = j.create
		}
		retry, err := s.runPipelined(creates)
		if err != nil && retry {
			return nil, false
		}
		for i := range results {
			results[i] = err
		}
		return results, true
	}
	fail := func(err error) []error {
		for i := range results {
			if results[i] == nil {
				results[i] = err
			}
		}
		return results
	}
	tx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		return fail(fmt.Errorf("begin: %w", err)), true
	}
	defer s.afterWriteTx(context.Background())
	c := s.inWriteTx(tx)
	var creates []*newComplaint
	for i, j := range jobs {
		if savepoints && len(jobs) > 1 {
			results[i] = runSavepoint(j, c)
			continue
		}
		if j.create != nil {
			creates = append(creates, j.create)
			continue
		}
		if results[i] = runJob(j, c); results[i] != nil {
			return s.undoBatch(tx, jobs, results[i])
		}
	}
	if len(creates) > 0 {
		if err := insertComplaints(context.Background(), c, creates...); err != nil {
			return s.undoBatch(tx, jobs, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(fmt.Errorf("commit: %w", err)), true
	}
	return results, true
}

// allCreates says every job of a batch is a create the batch may store
// with the others.
func allCreates(jobs []*groupJob) bool {
	for _, j := range jobs {
		if j.create == nil {
			return false
		}
	}
	return true
}

// undoBatch rolls back a batch run without savepoints after err: a job
// alone fails with it, a batch is to be run again with savepoints.
func (s *Store) undoBatch(tx *sql.Tx, jobs []*groupJob, err error) ([]error, bool) {
	if rbErr := tx.Rollback(); rbErr != nil {
		err = errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
	}
	if len(jobs) == 1 {
		return []error{err}, true
	}
	return nil, false
}

// runJob runs a job on the batch's transaction; a panic is its failure.
func runJob(j *groupJob, c conn) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("write panicked: %v", v)
		}
	}()
	return j.fn(c)
}

// runSavepoint runs one job inside the batch; its failure (or panic) is
// undone to its savepoint, with what the transaction knew before it, and
// is its own.
func runSavepoint(j *groupJob, c conn) (err error) {
	if _, err := c.q.ExecContext(context.Background(), "SAVEPOINT g"); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	before := c.state.snapshot()
	defer func() {
		if err != nil {
			c.state.restore(before)
			if _, rbErr := c.q.ExecContext(context.Background(), "ROLLBACK TO g"); rbErr != nil {
				err = errors.Join(err, fmt.Errorf("rollback to savepoint: %w", rbErr))
			}
		}
		if _, relErr := c.q.ExecContext(context.Background(), "RELEASE g"); relErr != nil && err == nil {
			err = fmt.Errorf("release savepoint: %w", relErr)
		}
	}()
	return runJob(j, c)
}

// groupTx runs fn in a write transaction shared with the writes that
// arrive at the same moment (see above). fn may run twice, the first time
// undone with its batch: it must write only through c and set only what
// it captured for its caller. create, when set, is what fn stores; the
// batch may store it together with other creates instead of running fn.
func (s *Store) groupTx(ctx context.Context, fn func(c conn) error, create *newComplaint) error {
	if s.group == nil {
		return s.inTx(ctx, fn)
	}
	j := &groupJob{ctx: ctx, fn: fn, create: create, done: make(chan error, 1)}
	select {
	case s.group <- j:
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued, the job's fate is the batch's: wait for it even if the
	// caller gives up, so "failed" never hides "committed".
	return <-j.done
}
