// Package failpoint lets a test stop reconcile dead at a named point of a
// run, to show that a crash there loses and doubles nothing.
//
// When the environment variable RECONCILE_FAILPOINT names a point, the
// process kills itself with SIGKILL on reaching it: no deferred function,
// no rollback, no flush runs, as when the machine loses power or the OOM
// killer strikes. "POINT=sleep:DURATION" pauses there instead, so that a
// test can catch a run in the middle. Unset, Hit costs one lookup in the
// environment.
package failpoint

import (
	"os"
	"strings"
	"syscall"
	"time"
)

// Env is the variable that names the point to die at.
const Env = "RECONCILE_FAILPOINT"

// Points are the places a run can be stopped at, in the order a run
// reaches them.
var Points = []string{
	"after-load",      // files opened and validated, nothing written
	"after-rejects",   // rejects inserted
	"after-priced",    // events inserted into priced_usage
	"after-findings",  // discrepancies inserted
	"after-reports",   // reports written to the staging folder
	"before-commit",   // everything done but the commit
	"after-commit",    // committed, reports still staged
	"mid-publish",     // one report moved into place, the others not
	"before-finished", // reports in place, the run not yet marked succeeded
}

// Hit kills the process, or pauses it, if the environment names this
// point.
func Hit(point string) {
	v := os.Getenv(Env)
	if v == "" {
		return
	}
	name, action, _ := strings.Cut(v, "=")
	if name != point {
		return
	}
	if d, ok := strings.CutPrefix(action, "sleep:"); ok {
		if pause, err := time.ParseDuration(d); err == nil {
			time.Sleep(pause)
			return
		}
	}
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // the signal is on its way
}
