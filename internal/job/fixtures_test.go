package job

import (
	"context"
	"database/sql"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// TestFixtures runs the shipped month and checks the counts its README
// gives, and that the reports' totals tie out.
func TestFixtures(t *testing.T) {
	cfg := config(t, "../../fixtures/render_logs")
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// fixtures/README.md: rows read, priced, rejected, duplicates, discrepancies.
	want := Counts{RowsRead: 4075, Priced: 4005, Rejected: 29, Duplicates: 41, Discrepancies: 245}
	if res.Counts != want {
		t.Errorf("counts = %+v, want %+v (fixtures/README.md)", res.Counts, want)
	}
	db := openRO(t, cfg.DBPath)
	reasons := map[string]int{}
	for _, r := range query(t, db, "SELECT reason, count(*) FROM rejects GROUP BY ALL") {
		reasons[r[0]] = int(atoi(t, r[1]))
	}
	for _, reason := range []string{"missing_value", "bad_timestamp", "bad_number", "bad_boolean",
		"nonpositive_duration", "unknown_kind", "unknown_media", "unknown_model", "unknown_actor",
		"model_required", "negative_amount", "no_price_version", "out_of_range"} {
		if reasons[reason] < 2 {
			t.Errorf("fixtures give %d rejects of %s, want at least 2", reasons[reason], reason)
		}
	}
	checkTieOut(t, db, res.RunID, cfg.Tolerance)
}

// checkTieOut checks that the Summary's totals equal the per-account sums,
// and that the category amounts and minutes add up to the net differences.
func checkTieOut(t *testing.T, db *sql.DB, runID string, tol decimal.Decimal) {
	t.Helper()
	var exp, chg store.Decimal
	var expMin, chgMin int64
	var versions string
	if err := db.QueryRow(queries.Get("report_totals"), runID).Scan(&exp, &chg, &expMin, &chgMin, &versions); err != nil {
		t.Fatal(err)
	}
	net := chg.Sub(exp.Decimal)

	var accExp, accChg, accDiff decimal.Decimal
	var accExpMin, accChgMin int64
	rows, err := db.Query(queries.Get("report_accounts"), runID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			t.Fatal(err)
		}
		accExp, accChg, accDiff = accExp.Add(a.ExpectedCredits), accChg.Add(a.ChargedCredits), accDiff.Add(a.DiffCredits)
		accExpMin += a.ExpectedMinutes
		accChgMin += a.ChargedMinutes
	}
	rows.Close()
	if !accExp.Equal(exp.Decimal) || !accChg.Equal(chg.Decimal) || !accDiff.Equal(net) {
		t.Errorf("accounts sum to expected %s charged %s diff %s; totals are %s %s %s", accExp, accChg, accDiff, exp, chg, net)
	}
	if accExpMin != expMin || accChgMin != chgMin {
		t.Errorf("accounts sum to %d/%d minutes; totals are %d/%d", accExpMin, accChgMin, expMin, chgMin)
	}

	var catAmount decimal.Decimal
	var catMinutes int64
	rows, err = db.Query(queries.Get("report_categories"), runID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var cat string
		var n, minutes int64
		var amount store.Decimal
		if err := rows.Scan(&cat, &n, &amount, &minutes); err != nil {
			t.Fatal(err)
		}
		catAmount = catAmount.Add(amount.Decimal)
		catMinutes += minutes
	}
	rows.Close()
	var within store.Decimal
	err = db.QueryRow(`SELECT coalesce(sum(diff_credits), 0) FROM priced_usage p WHERE run_id = ?
		AND NOT EXISTS (SELECT 1 FROM discrepancies d WHERE d.event_id = p.event_id AND d.run_id = p.run_id
		                AND d.category IN ('overcharged', 'undercharged', 'uncharged'))`, runID).Scan(&within)
	if err != nil {
		t.Fatal(err)
	}
	if within.Abs().GreaterThan(tol.Mul(decimal.NewFromInt(1e6))) {
		t.Errorf("differences within tolerance sum to %s, implausibly large", within)
	}
	if got := catAmount.Add(within.Decimal); !got.Equal(net) {
		t.Errorf("categories %s + within tolerance %s = %s, want the net difference %s", catAmount, within, got, net)
	}
	if catMinutes != chgMin-expMin {
		t.Errorf("category minutes sum to %d, want charged − expected = %d", catMinutes, chgMin-expMin)
	}
}
