package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"testing"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/queries"
)

// These tests pin the exactness traps of DuckDB and its Go driver that the
// design works around. If one starts failing, the driver changed: revisit
// the workaround named in the test.

func memConn(t *testing.T) *sql.Conn {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	for _, stmt := range queries.Macros() {
		if _, err := conn.ExecContext(context.Background(), stmt); err != nil {
			t.Fatal(err)
		}
	}
	return conn
}

// TestAppenderDecimalTrap: the Appender stores an int64 given for a
// DECIMAL(18,2) column as its unscaled value (1234 → 12.34), and a float64
// 12.34 as 0.12. So prices are appended as BIGINT hundredths and converted
// in SQL by rc_credits.
func TestAppenderDecimalTrap(t *testing.T) {
	conn := memConn(t)
	ctx := context.Background()
	if _, err := conn.ExecContext(ctx, "CREATE TABLE d (x DECIMAL(18,2), cents BIGINT, f DECIMAL(18,2))"); err != nil {
		t.Fatal(err)
	}
	err := conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "d")
		if err != nil {
			return err
		}
		if err := a.AppendRow(int64(1234), int64(1234), float64(12.34)); err != nil {
			return err
		}
		return a.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	var x, viaMacro, f Decimal
	if err := conn.QueryRowContext(ctx, "SELECT x, rc_credits(cents), f FROM d").Scan(&x, &viaMacro, &f); err != nil {
		t.Fatal(err)
	}
	if f.String() != "0.12" {
		t.Errorf("appender stored float64 12.34 in DECIMAL(18,2) as %s; the trap this test documents is 0.12", f)
	}
	if x.String() != "12.34" {
		t.Errorf("appender stored int64 1234 in DECIMAL(18,2) as %s; the trap this test documents is 12.34", x)
	}
	if viaMacro.StringFixed(2) != "12.34" {
		t.Errorf("rc_credits(1234) = %s, want 12.34", viaMacro)
	}
}

// TestDecimalDivisionIsDouble: DuckDB's / on DECIMAL returns DOUBLE, so
// cents become credits by multiplying with 0.01 (rc_credits), which stays
// DECIMAL and exact at the limits of DECIMAL(18,2).
func TestDecimalDivisionIsDouble(t *testing.T) {
	conn := memConn(t)
	ctx := context.Background()
	var typ string
	if err := conn.QueryRowContext(ctx, "SELECT typeof(CAST(1234 AS DECIMAL(18,2)) / 100)").Scan(&typ); err != nil {
		t.Fatal(err)
	}
	if typ != "DOUBLE" {
		t.Errorf("typeof(DECIMAL / 100) = %s; the trap this test documents is DOUBLE", typ)
	}
	for _, cents := range []int64{0, 1, 5, 10, 99, 100, 167, 123456789, 999999999999999999} {
		var got Decimal
		var typ string
		if err := conn.QueryRowContext(ctx, "SELECT rc_credits(?::BIGINT), typeof(rc_credits(?::BIGINT))", cents, cents).Scan(&got, &typ); err != nil {
			t.Fatal(err)
		}
		want := decimal.New(cents, -2)
		if !got.Equal(want) || typ != "DECIMAL(18,2)" {
			t.Errorf("rc_credits(%d) = %s (%s), want %s DECIMAL(18,2)", cents, got, typ, want)
		}
	}
}

// TestReadCSVGuessesDouble: read_csv left to detect types reads a money
// column as DOUBLE, where 0.1 + 0.2 is not 0.3. Ingest reads every CSV
// column as text and converts it with rc_money to DECIMAL(18,2).
func TestReadCSVGuessesDouble(t *testing.T) {
	conn := memConn(t)
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "m.csv")
	if _, err := conn.ExecContext(ctx, "COPY (SELECT * FROM (VALUES ('0.1'), ('0.2')) t(charged_credits)) TO '"+p+"' (HEADER)"); err != nil {
		t.Fatal(err)
	}
	var typ string
	var exact bool
	if err := conn.QueryRowContext(ctx, "SELECT typeof(charged_credits), sum(charged_credits) = 0.3 FROM read_csv('"+p+"') GROUP BY 1").Scan(&typ, &exact); err != nil {
		t.Fatal(err)
	}
	if typ != "DOUBLE" || exact {
		t.Errorf("auto-detected type %s, sum exact %v; the trap this test documents is DOUBLE, inexact", typ, exact)
	}
	var sum Decimal
	if err := conn.QueryRowContext(ctx, "SELECT sum(rc_money(charged_credits)) FROM read_csv('"+p+"', all_varchar = true)").Scan(&sum); err != nil {
		t.Fatal(err)
	}
	if sum.StringFixed(2) != "0.30" {
		t.Errorf("sum through rc_money = %s, want 0.30", sum)
	}
}

// TestScanRefusesFloat: a credit amount never arrives as float64.
func TestScanRefusesFloat(t *testing.T) {
	var d Decimal
	if err := d.Scan(0.1); err == nil {
		t.Error("Decimal.Scan accepted a float64")
	}
	if err := d.Scan(duckdb.Decimal{Width: 18, Scale: 2, Value: decimal.New(1234, 0).BigInt()}); err != nil || d.String() != "12.34" {
		t.Errorf("Scan(duckdb.Decimal 12.34) = %s, %v", d, err)
	}
}
