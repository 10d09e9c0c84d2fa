package explain_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/explain"
	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/store"
)

const renderLog = `event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes
e1,v1,acct-1,2026-10-01T10:00:00Z,render,generative,pro,human,false,65400,,35.00,0
e2,v1,acct-1,2026-10-01T10:05:00Z,edit_clip,,pro,,,5000,,1.67,
e2,v1,acct-1,2026-10-01T10:05:00Z,edit_clip,,pro,,,5000,,1.67,
bad,v1,acct-1,2026-10-01T10:00:00Z,transcode,generative,pro,human,false,65400,,35.00,0
`

const ledger = `txn_id,event_id,account_id,charged_at,credits,video_minutes
t1,e1,acct-1,2026-10-01T10:00:05Z,32.00,0
t2,e1,acct-1,2026-10-01T10:00:06Z,32.00,0
t3,e2,acct-1,2026-10-01T10:05:05Z,1.67,0
`

// month closes October of renderLog against ledger and returns the
// database, opened to read.
func month(t *testing.T) *store.Store {
	t.Helper()
	dir := t.TempDir()
	logs, led := filepath.Join(dir, "a.csv"), filepath.Join(dir, "ledger.csv")
	for p, s := range map[string]string{logs: renderLog, led: ledger} {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "r.duckdb")
	_, err := job.Run(t.Context(), job.Config{
		Inputs: []string{logs}, Ledgers: []string{led},
		Book: pricing.Default(), BookYAML: pricing.DefaultYAML, BookSource: "embedded v1",
		DBPath: db, Tolerance: decimal.RequireFromString("0.01"), Version: "test",
		Now: func() time.Time { return time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenReadOnly(t.Context(), db, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestExplain(t *testing.T) {
	st := month(t)
	tests := []struct {
		id         string
		priced     bool
		source     string   // the charge's source
		charged    string   // charged credits, "" for NULL
		diff       string   // charged − expected
		ledgerRows int64    // rows of the event in the ledger
		categories []string // the latest run's findings
		others     []string // what the other rows with the id are
	}{
		{id: "e1", priced: true, source: "ledger", charged: "64.00", diff: "32.00", ledgerRows: 2,
			categories: []string{"duplicate_charge", "overcharged"}},
		{id: "e2", priced: true, source: "ledger", charged: "1.67", diff: "0.00", ledgerRows: 1,
			others: []string{"duplicate"}},
		{id: "bad", others: []string{"rejected"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			x, err := explain.Explain(t.Context(), st.DB, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			var others []string
			for _, o := range x.Others {
				others = append(others, o.What)
			}
			if !slices.Equal(others, tt.others) {
				t.Errorf("other rows %q, want %q", others, tt.others)
			}
			if e := x.Event; (e != nil) != tt.priced {
				t.Fatalf("priced event %v, want one: %v", e, tt.priced)
			}
			e := x.Event
			if e == nil {
				return
			}
			if e.EventID != tt.id || e.ChargeSource != tt.source {
				t.Errorf("event %s charged from %s, want %s from %s", e.EventID, e.ChargeSource, tt.id, tt.source)
			}
			if got := e.ChargedCredits.StringFixed(2); !e.ChargedCredits.Valid || got != tt.charged {
				t.Errorf("charged %s (valid %v), want %s", got, e.ChargedCredits.Valid, tt.charged)
			}
			if got := e.DiffCredits.StringFixed(2); got != tt.diff {
				t.Errorf("difference %s, want %s", got, tt.diff)
			}
			// The difference is the charge minus the price the working ends with.
			if !e.ChargedCredits.Sub(e.ExpectedCredits.Decimal).Equal(e.DiffCredits.Decimal) {
				t.Errorf("charged %s − expected %s ≠ difference %s", e.ChargedCredits, e.ExpectedCredits, e.DiffCredits)
			}
			if last := e.Steps[len(e.Steps)-1]; last.Name != "expected credits" || last.Result != e.ExpectedCredits.StringFixed(2) {
				t.Errorf("last step %+v, want the expected credits %s", last, e.ExpectedCredits.StringFixed(2))
			}
			if e.Version == nil || e.Version.Name != "v1" || len(e.PricebookHash) != 64 {
				t.Errorf("price book version %v, hash %q; want v1 and a sha256", e.Version, e.PricebookHash)
			}
			if e.Ledger.Rows != tt.ledgerRows || e.Ledger.Charging != tt.ledgerRows || !e.Ledger.Credits.Equal(e.ChargedCredits.Decimal) {
				t.Errorf("ledger %+v, want %d charging rows summing to the charge %s", e.Ledger, tt.ledgerRows, tt.charged)
			}
			var cats []string
			for _, f := range e.Findings {
				cats = append(cats, f.Category)
			}
			if !slices.Equal(cats, tt.categories) {
				t.Errorf("categories %q, want %q", cats, tt.categories)
			}
		})
	}
}

func TestExplainUnknownID(t *testing.T) {
	st := month(t)
	x, err := explain.Explain(t.Context(), st.DB, "nope")
	if !errors.Is(err, explain.ErrNotFound) || x != nil {
		t.Errorf("Explain(nope) = %v, %v; want ErrNotFound", x, err)
	}
}
