package job

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/store"
)

// TestJournal: after each run, failed run and re-rating the journal holds
// the rows History reads from the database, the same figures.
func TestJournal(t *testing.T) {
	ctx := context.Background()
	cfg := config(t, write(t, "month.csv", month))
	check := func(when string) {
		t.Helper()
		j, err := ReadJournal(cfg.DBPath)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		st, err := store.OpenReadOnly(ctx, cfg.DBPath, false)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		want, err := History(ctx, st.DB, JournalRuns)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(j.Runs, want) {
			t.Errorf("%s: journal runs\n%+v\nwant History's\n%+v", when, j.Runs, want)
		}
		if j.Updated.IsZero() {
			t.Errorf("%s: the journal says no time", when)
		}
	}
	if _, err := Run(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	check("after the first run")
	cfg.Inputs = []string{write(t, "more.csv", header+"e9,v9,acct-9,2026-10-05T10:00:00Z,render,stock,,,,60000,,0.00,1\n")}
	if _, err := Run(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	check("after the second run")
	cfg.Inputs = []string{write(t, "nokind.csv", "event_id,video_id,account_id,created_at\ne10,v1,a1,2026-10-01T10:00:00Z\n")}
	if _, err := Run(ctx, cfg); err == nil {
		t.Fatal("a run of a file without kind succeeded")
	}
	check("after a failed run")
	yaml := strings.Replace(string(pricing.DefaultYAML), "pro: 20", "pro: 25", 1)
	book, err := pricing.Parse(strings.NewReader(yaml))
	if err != nil {
		t.Fatal(err)
	}
	rc := RerateConfig{From: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Book: book, BookYAML: []byte(yaml),
		BookSource: "pro25.yaml", DBPath: cfg.DBPath, Version: "test"}
	if _, err := Rerate(ctx, rc); err != nil {
		t.Fatal(err)
	}
	check("after a re-rating")
	if j, _ := ReadJournal(cfg.DBPath); len(j.Runs) != 3 || j.Runs[0].Kind != "rerate" {
		t.Errorf("journal holds %d runs, the newest %+v; want 3, a re-rating first", len(j.Runs), j.Runs)
	}
}

// TestFailedFirstRunLeavesNoJournal: a run that created the database and
// failed removes it, and leaves no journal of it.
func TestFailedFirstRunLeavesNoJournal(t *testing.T) {
	cfg := config(t, write(t, "nokind.csv", "event_id,video_id,account_id,created_at\n"))
	if _, err := Run(context.Background(), cfg); err == nil {
		t.Fatal("run succeeded on a file with no kind column")
	}
	if _, err := os.Stat(JournalPath(cfg.DBPath)); !os.IsNotExist(err) {
		t.Errorf("journal left behind: %v", err)
	}
}

// noteReader is a progress bar that reads the lock's note at each step.
type noteReader struct {
	db    string
	notes []string
}

func (n *noteReader) Step(name string, _, _ int) {
	h, err := store.ReadHolder(n.db)
	if err != nil {
		n.notes = append(n.notes, name+": "+err.Error())
		return
	}
	n.notes = append(n.notes, name+": "+h.Step)
}

func (n *noteReader) Rows(int64) {}

// TestProgressNoteFollowsSteps: the progress note is at each step when the
// progress bar hears of it, and is gone when the run has ended.
func TestProgressNoteFollowsSteps(t *testing.T) {
	cfg := config(t, write(t, "month.csv", month))
	nr := &noteReader{db: cfg.DBPath}
	cfg.Progress = nr
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	want := []string{"reading: reading"} // fingerprinting, then staging the CSV text
	for _, s := range stages {
		want = append(want, s+": "+s)
	}
	if !reflect.DeepEqual(nr.notes, want) {
		t.Errorf("note at each step = %q, want %q", nr.notes, want)
	}
	if _, err := os.Stat(store.NotePath(cfg.DBPath)); !os.IsNotExist(err) {
		t.Errorf("progress note after the run: %v; want it gone", err)
	}
}
