package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/shopspring/decimal"
)

// formatValue renders a value from the database as text, exactly: a
// DECIMAL keeps all its digits, a timestamp is RFC 3339 in UTC.
func formatValue(v any, null string) string {
	switch x := v.(type) {
	case nil:
		return null
	case string:
		return x
	case duckdb.Decimal:
		return decimal.NewFromBigInt(x.Value, -int32(x.Scale)).StringFixed(int32(x.Scale))
	case *big.Int:
		return x.String()
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case []byte:
		return "\\x" + hex.EncodeToString(x)
	case duckdb.UUID:
		return x.String()
	}
	return fmt.Sprint(v)
}

// jsonValue is a value for encoding/json: decimals as JSON numbers with
// their exact digits, never through float64.
func jsonValue(v any) any {
	switch x := v.(type) {
	case duckdb.Decimal:
		return json.Number(formatValue(x, ""))
	case *big.Int:
		return json.Number(x.String())
	case time.Time, []byte, duckdb.UUID:
		return formatValue(x, "")
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e)
		}
		return out
	}
	return v
}
