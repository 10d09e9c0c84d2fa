package notify_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/reconcile/reconcile/internal/notify"
)

func ExampleRedact() {
	fmt.Println(notify.Redact("https://hooks.slack.com/services/T000/B000/XXXX"))
	// Output: https://hooks.slack.com/…
}

func ExampleNewFailure() {
	started := time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)
	doc, _ := notify.NewFailure("reconcile run", "/var/lib/reconcile/reconcile.duckdb", started,
		errors.New("input /srv/renderlogs/incoming: no input files"), 1).JSON()
	fmt.Println(string(doc))
	// Output: {"kind":"failure","text":"reconcile run failed (exit 1), nothing committed: input /srv/renderlogs/incoming: no input files","error":"input /srv/renderlogs/incoming: no input files","exit_code":1,"command":"reconcile run","started":"2026-11-01T02:00:00Z","db":"/var/lib/reconcile/reconcile.duckdb"}
}
