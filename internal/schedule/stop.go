package schedule

import (
	"context"
	"time"
)

// stop waits for the run in flight after ctx has ended: until idle is
// closed, cancelling the run at the second signal, when the grace has
// passed, or at once with no grace.
func (s *Scheduler) stop(ctx context.Context, idle <-chan struct{}, cancelRuns func()) {
	// When a signal ended ctx, that signal is in s.cfg.Signals too. Such a
	// context has a cause of its own (which errors.Is takes for
	// context.Canceled); one cancelled otherwise has ctx.Err() as cause.
	signals := 0
	if cause := context.Cause(ctx); cause != ctx.Err() {
		signals = -1
	}
	grace := s.cfg.Grace
	busy := s.inFlight.Load() > 0
	var cancelledBy string
	var graceOver <-chan time.Time
	switch {
	case grace == 0:
		cancelledBy = "--grace 0"
		cancelRuns()
		if busy {
			s.log.Warn("stopping: cancelling the run in flight at once (--grace 0)")
		}
	default:
		// Armed even when no run seems busy: a RunNow run may be just
		// starting.
		t := time.NewTimer(grace)
		defer t.Stop()
		graceOver = t.C
		if busy {
			s.log.Info("stopping: letting the run in flight finish; a second signal cancels it", "grace", grace.String())
		}
	}
	for cancelledBy == "" {
		select {
		case <-idle:
			s.stopped(busy, cancelledBy)
			return
		case <-s.cfg.Signals:
			if signals++; signals < 1 {
				continue
			}
			cancelledBy = "a second signal"
		case <-graceOver:
			cancelledBy = "--grace " + grace.String() + " passed"
		}
		s.log.Warn("stopping: cancelling the run in flight ("+cancelledBy+")", "grace", grace.String())
		cancelRuns()
	}
	<-idle
	s.stopped(busy, cancelledBy)
}

// stopped logs the last line: whether a run was in flight and how it
// ended.
func (s *Scheduler) stopped(busy bool, cancelledBy string) {
	s.mu.Lock()
	end := s.lastEnd
	s.mu.Unlock()
	switch {
	case end == "cancelled":
		s.log.Info("schedule stopped: the run in flight was cancelled ("+cancelledBy+") and rolled back", "in_flight", end)
	case end == "failed":
		s.log.Info("schedule stopped: the run in flight failed", "in_flight", end)
	case end == "finished" && cancelledBy != "" && busy:
		s.log.Info("schedule stopped: the run in flight finished before the cancel ("+cancelledBy+") reached it", "in_flight", end)
	case end == "finished":
		s.log.Info("schedule stopped: the run in flight finished", "in_flight", end)
	default:
		s.log.Info("schedule stopped: no run was in flight", "in_flight", "none")
	}
}

// ended notes how a run ended, if it ended after the stop began.
func (s *Scheduler) ended(ctx context.Context, how string) {
	if ctx.Err() == nil {
		return
	}
	s.mu.Lock()
	s.lastEnd = how
	s.mu.Unlock()
}
