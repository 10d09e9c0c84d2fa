package notify

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/report"
)

// summaryJSON is a run's summary.json as report.Write indents it.
func summaryJSON(t *testing.T) []byte {
	t.Helper()
	s := report.Summary{
		RunID: "20261101T020000Z-1a2b", Started: time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC),
		Finished: time.Date(2026, 11, 1, 2, 0, 5, 0, time.UTC), Period: "October 2026", Month: "2026-10",
		RowsRead: 9, Priced: 7, Rejected: 1, Duplicates: 1, Discrepancies: 5,
		ExpectedCredits: decimal.RequireFromString("90.60"), ChargedCredits: decimal.RequireFromString("99.97"),
		DiffCredits: decimal.RequireFromString("9.37"), ToRefund: decimal.RequireFromString("10"),
		ToRebill: decimal.RequireFromString("0.63"), RejectReasons: []report.ReasonCount{{Reason: "unknown_model", Count: 1}},
	}
	b, err := json.MarshalIndent(report.NewSummaryDoc(s, report.Tally{}, []string{"summary.json"}), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func TestRunPayload(t *testing.T) {
	raw := summaryJSON(t)
	got, err := RunPayload(raw)
	if err != nil {
		t.Fatal(err)
	}
	const wantText = "reconcile run 20261101T020000Z-1a2b (October 2026): 5 discrepancies, net +9.37 credits, to refund 10.00, to rebill 0.63"
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(got, &fields); err != nil {
		t.Fatalf("the payload is no JSON object: %v\n%s", err, got)
	}
	var text string
	if err := json.Unmarshal(fields["text"], &text); err != nil || text != wantText {
		t.Errorf("text = %s, want %q", fields["text"], wantText)
	}
	delete(fields, "text")
	var want map[string]json.RawMessage
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if len(fields) != len(want) {
		t.Errorf("payload has %d fields besides text, summary.json %d", len(fields), len(want))
	}
	for k, v := range want {
		if !bytes.Equal(fields[k], v) {
			t.Errorf("field %s = %s, want summary.json's %s", k, fields[k], v)
		}
	}
	// text first, then summary.json's fields in its order.
	if !bytes.HasPrefix(got, []byte("{\n  \"text\": ")) ||
		!bytes.HasSuffix(got, bytes.TrimPrefix(raw, []byte("{\n"))) {
		t.Errorf("payload is not text then summary.json's bytes:\n%s", got)
	}
}

func TestRunPayloadRerate(t *testing.T) {
	doc := report.NewRerateDoc(report.Rerate{RunID: "r1", Window: "from 2026-10-01", Examined: 10, Changed: 2,
		OldExpected: decimal.RequireFromString("100"), NewExpected: decimal.RequireFromString("97.5")}, nil)
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := RunPayload(raw)
	if err != nil {
		t.Fatal(err)
	}
	var p struct{ Text string }
	if err := json.Unmarshal(got, &p); err != nil {
		t.Fatal(err)
	}
	const want = "reconcile rerate r1 (from 2026-10-01): 2 of 10 events re-priced, expected credits 100.00 → 97.50 (-2.50)"
	if p.Text != want {
		t.Errorf("text = %q, want %q", p.Text, want)
	}
}

func TestRunPayloadRefuses(t *testing.T) {
	for _, tc := range []struct{ name, raw, want string }{
		{"not an object", `[1]`, "want a JSON object"},
		{"empty", ``, "want a JSON object"},
		{"not JSON", `{"kind":`, "summary.json"},
		{"a text already", `{"kind":"run","text":"x"}`, `"text" field already`},
		{"another kind", `{"kind":"failure"}`, `kind "failure"`},
		{"no kind", `{}`, `kind ""`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := RunPayload([]byte(tc.raw))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("RunPayload(%q) = %v, want an error with %q", tc.raw, err, tc.want)
			}
		})
	}
}

func TestFailure(t *testing.T) {
	started := time.Date(2026, 11, 1, 2, 0, 0, 123, time.FixedZone("CET", 3600))
	f := NewFailure("reconcile run", "/data/r.duckdb", started, errors.New("read logs/a.csv: no such file\nmore detail"), 1)
	b, err := f.JSON()
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"kind":"failure","text":"reconcile run failed (exit 1), nothing committed: read logs/a.csv: no such file",` +
		`"error":"read logs/a.csv: no such file","exit_code":1,"command":"reconcile run","started":"2026-11-01T01:00:00Z","db":"/data/r.duckdb"}`
	if string(b) != want {
		t.Errorf("failure document\n got %s\nwant %s", b, want)
	}
}
