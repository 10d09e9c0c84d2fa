package store

import (
	"fmt"
	"math/big"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/shopspring/decimal"
)

// Decimal scans a DuckDB DECIMAL exactly (never through float64). Valid is
// false for NULL.
type Decimal struct {
	decimal.Decimal
	Valid bool
}

// Scan implements sql.Scanner.
func (d *Decimal) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Decimal{}
	case duckdb.Decimal:
		*d = Decimal{Decimal: decimal.NewFromBigInt(v.Value, -int32(v.Scale)), Valid: true}
	case *big.Int:
		*d = Decimal{Decimal: decimal.NewFromBigInt(v, 0), Valid: true}
	case int64:
		*d = Decimal{Decimal: decimal.NewFromInt(v), Valid: true}
	case int32:
		*d = Decimal{Decimal: decimal.NewFromInt(int64(v)), Valid: true}
	case string:
		x, err := decimal.NewFromString(v)
		if err != nil {
			return fmt.Errorf("scan decimal %q: %w", v, err)
		}
		*d = Decimal{Decimal: x, Valid: true}
	default:
		// float64 is refused on purpose: a credit amount never passes
		// through binary floating point.
		return fmt.Errorf("scan decimal: unsupported type %T", src)
	}
	return nil
}

// Ptr returns the value, or nil for NULL.
func (d Decimal) Ptr() *decimal.Decimal {
	if !d.Valid {
		return nil
	}
	v := d.Decimal
	return &v
}
