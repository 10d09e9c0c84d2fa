package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/report/schematest"
)

// summarySchema compiles summary.schema.json, with formats asserted.
func summarySchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	return schematest.Compile(t, "summary.schema.json", SummarySchema)
}

func validate(t *testing.T, sch *jsonschema.Schema, raw []byte) error {
	t.Helper()
	return schematest.Validate(t, sch, raw)
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSummaryJSONValidates(t *testing.T) {
	sch := summarySchema(t)
	_, files := writeSample(t)

	// A run with no ledger, no window, no reject and no account owing
	// anything leaves the optional fields out and its lists empty.
	bare := Data{Summary: Summary{RunID: "r-bare", Period: "the events this run read", Categories: sampleSummary().Categories[:0]}}
	bareFiles, err := Write(filepath.Join(t.TempDir(), "bare"), bare)
	if err != nil {
		t.Fatal(err)
	}
	rerate, err := WriteRerate(filepath.Join(t.TempDir(), "rerate"), sampleRerate())
	if err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{
		"sample run": files.SummaryJSON, "bare run": bareFiles.SummaryJSON, "rerate": rerate.Summary,
	} {
		t.Run(name, func(t *testing.T) {
			if err := validate(t, sch, readFile(t, path)); err != nil {
				t.Errorf("summary.json does not validate:\n%v", err)
			}
		})
	}
}

// TestSummarySchemaRefuses checks that the schema is strict: each document
// is the valid sample with one thing wrong.
func TestSummarySchemaRefuses(t *testing.T) {
	sch := summarySchema(t)
	_, files := writeSample(t)
	good := readFile(t, files.SummaryJSON)
	rr, err := WriteRerate(t.TempDir(), sampleRerate())
	if err != nil {
		t.Fatal(err)
	}
	goodRerate := readFile(t, rr.Summary)
	for _, c := range []struct {
		name string
		doc  []byte
		edit func(map[string]any)
	}{
		{"money as a number", good, func(m map[string]any) { m["to_refund"] = 25.51 }},
		{"money with one decimal", good, func(m map[string]any) { m["leakage"] = "6.2" }},
		{"money with a thousands separator", good, func(m map[string]any) { m["credits"].(map[string]any)["charged"] = "1,171.00" }},
		{"an extra field", good, func(m map[string]any) { m["notes"] = "hello" }},
		{"an extra field in a category", good, func(m map[string]any) { m["categories"].([]any)[0].(map[string]any)["share"] = "1" }},
		{"an extra field in rows", good, func(m map[string]any) { m["rows"].(map[string]any)["skipped"] = 1 }},
		{"a count as a string", good, func(m map[string]any) { m["rows"].(map[string]any)["priced"] = "8" }},
		{"no run id", good, func(m map[string]any) { delete(m, "run_id") }},
		{"a time not in UTC", good, func(m map[string]any) { m["started"] = "2024-06-01T04:00:00+02:00" }},
		{"another schema version", good, func(m map[string]any) { m["schema_version"] = 2 }},
		{"an unknown kind", good, func(m map[string]any) { m["kind"] = "export" }},
		{"eleven top accounts", good, func(m map[string]any) {
			top := m["top_accounts"].([]any)
			for len(top) < 11 {
				top = append(top, top[0])
			}
			m["top_accounts"] = top
		}},
		{"a rerate with a run's field", goodRerate, func(m map[string]any) { m["leakage"] = "0.00" }},
		{"a rerate's change as a number", goodRerate, func(m map[string]any) { m["change_credits"] = -2.5 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(c.doc, &m); err != nil {
				t.Fatal(err)
			}
			c.edit(m)
			bad, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if err := validate(t, sch, bad); err == nil {
				t.Errorf("the schema accepts a document with %s", c.name)
			}
		})
	}
}

// TestSummaryJSONMatchesWorkbook reads the workbook's Summary sheet back
// and checks that summary.json holds the same figures.
func TestSummaryJSONMatchesWorkbook(t *testing.T) {
	_, files := writeSample(t)
	var doc SummaryDoc
	if err := json.Unmarshal(readFile(t, files.SummaryJSON), &doc); err != nil {
		t.Fatal(err)
	}
	s := sampleSummary()
	sheet := sheetFigures(t, openBook(t, files.Workbook), s)
	fromJSON := map[string]string{
		"expected": doc.Credits.Expected.StringFixed(2), "charged": doc.Credits.Charged.StringFixed(2),
		"net": doc.Credits.Net.StringFixed(2), "to-refund": doc.ToRefund.StringFixed(2),
		"to-rebill": doc.ToRebill.StringFixed(2), "leakage": doc.Leakage.StringFixed(2),
		"expected-minutes": itoa(doc.VideoMinutes.Expected), "charged-minutes": itoa(doc.VideoMinutes.Charged),
		"net-minutes":           itoa(doc.VideoMinutes.Net),
		"check-render-log-rows": doc.Checks.RenderLogRows.Text, "check-tie-outs": doc.Checks.TieOuts.Text,
	}
	if doc.Checks.LedgerRows != nil {
		fromJSON["check-ledger-rows"] = doc.Checks.LedgerRows.Text
	}
	var count int64
	var amount decimal.Decimal
	for _, c := range doc.Categories {
		fromJSON["category-"+c.Category+"-count"] = itoa(c.Count)
		fromJSON["category-"+c.Category+"-credits"] = c.Credits.StringFixed(2)
		fromJSON["category-"+c.Category+"-minutes"] = itoa(c.VideoMinutes)
		count, amount = count+c.Count, amount.Add(c.Credits.Decimal)
	}
	fromJSON["total-count"], fromJSON["total-credits"] = itoa(count), amount.StringFixed(2)
	var rejected int64
	for _, r := range doc.RejectsByReason {
		fromJSON["reject-"+r.Reason] = itoa(r.Count)
		rejected += r.Count
	}
	fromJSON["rejects-total"] = itoa(rejected)
	if len(fromJSON) != len(sheet) {
		t.Errorf("summary.json gives %d figures, the sheet %d", len(fromJSON), len(sheet))
	}
	for key, want := range sheet {
		got, ok := fromJSON[key]
		if !ok {
			t.Errorf("%s: on the sheet (%q), not in summary.json", key, want)
			continue
		}
		if strings.HasPrefix(key, "check-") {
			if got != want {
				t.Errorf("%s: summary.json says %q, the sheet %q", key, got, want)
			}
			continue
		}
		// The sheet shows thousands separators; the numbers must be equal.
		if w, g := decimal.RequireFromString(strings.ReplaceAll(want, ",", "")), decimal.RequireFromString(got); !w.Equal(g) {
			t.Errorf("%s: summary.json says %s, the sheet %s", key, got, want)
		}
	}
	if got, want := len(doc.Categories), len(s.Categories); got != want {
		t.Errorf("summary.json has %d categories, want all %d", got, want)
	}
	if want := []string{"reconciliation.xlsx", "patterns.csv", "daily.csv", "discrepancies.csv", "accounts.csv", "late.csv", "bridge.csv", "adjustments.csv", "adjustments.json", "rejects.csv", "summary.html"}; !reflect.DeepEqual(doc.Files, want) {
		t.Errorf("files = %q, want %q", doc.Files, want)
	}
	for _, name := range doc.Files {
		if _, err := os.Stat(filepath.Join(filepath.Dir(files.SummaryJSON), name)); err != nil {
			t.Errorf("summary.json lists %s: %v", name, err)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestSummaryDocRoundTrip(t *testing.T) {
	_, files := writeSample(t)
	raw := readFile(t, files.SummaryJSON)
	var doc SummaryDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	again, err := encodeDoc(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, raw) {
		t.Errorf("summary.json read and written again differs:\n%s\nwant:\n%s", again, raw)
	}
	if err := json.Unmarshal([]byte(`{"to_refund": 25.51}`), &doc); err == nil {
		t.Error("a JSON number read as credits, want an error")
	}
}

func TestTopAccounts(t *testing.T) {
	var tally Tally
	// 12 accounts, owed and owing 0..11 each way; one with nothing at all,
	// and two ties that the account id orders.
	for i := range 12 {
		tally.account(Account{AccountID: fmt.Sprintf("acct-%02d", i), ToRefund: decimal.NewFromInt(int64(i)),
			ToRebill: decimal.NewFromInt(int64(i % 3))})
	}
	tally.account(Account{AccountID: "acct-zz", ToRefund: dec("11"), ToRebill: dec("2")}) // ties acct-11 (11 + 2)
	tally.account(Account{AccountID: "acct-aa", ToRefund: dec("11"), ToRebill: dec("2")})
	var got []string
	for _, a := range tally.top {
		got = append(got, a.AccountID+"="+a.Amount.StringFixed(2))
	}
	want := []string{"acct-11=13.00", "acct-aa=13.00", "acct-zz=13.00", "acct-10=11.00", "acct-08=10.00",
		"acct-09=9.00", "acct-07=8.00", "acct-05=7.00", "acct-06=6.00", "acct-04=5.00"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("top accounts = %q\nwant %q", got, want)
	}
	var none Tally
	none.account(Account{AccountID: "quiet"})
	if len(none.top) != 0 {
		t.Errorf("an account with nothing to settle is listed: %+v", none.top)
	}
}
