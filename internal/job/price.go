package job

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/queries"
)

// priceKeys prices every distinct pricing key of the run's good rows (rc_keys,
// from the scan) with
// the pricing core and stores the prices in rc_prices, in hundredths of a
// credit (BIGINT: the Appender mis-scales DECIMAL columns). It returns the
// number of keys.
func priceKeys(ctx context.Context, conn *sql.Conn, book *pricing.Book) (int, error) {
	if _, err := conn.ExecContext(ctx, queries.PricesTable.Text); err != nil {
		return 0, fmt.Errorf("price keys: %w", err)
	}
	var nkeys, distinct int64
	if err := conn.QueryRowContext(ctx, queries.PriceKeyCounts.Text).Scan(&nkeys, &distinct); err != nil {
		return 0, fmt.Errorf("price keys: %w", err)
	}
	if nkeys != distinct {
		// Two pricing inputs hashed alike: joining by the hash could give an
		// event another's price. Astronomically rare; never silent.
		return 0, fmt.Errorf("price keys: %d pricing inputs share a hash; run again", nkeys-distinct)
	}
	type key struct {
		priceKey                  uint64
		version                   int
		kind, media, model, actor sql.NullString
		isAd                      bool
		duration, images          sql.NullInt64
	}
	rows, err := conn.QueryContext(ctx, queries.PriceKeys.Text)
	if err != nil {
		return 0, fmt.Errorf("read price keys: %w", err)
	}
	var keys []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.version, &k.kind, &k.media, &k.model, &k.actor, &k.isAd, &k.duration, &k.images, &k.priceKey); err != nil {
			rows.Close()
			return 0, fmt.Errorf("read price keys: %w", err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("read price keys: %w", err)
	}

	err = conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppender(dc.(driver.Conn), "temp", "main", "rc_prices_raw")
		if err != nil {
			return err
		}
		var b pricing.Breakdown
		for _, k := range keys {
			v := &book.Versions[k.version]
			ev, err := pricing.EventNames(k.kind.String, k.media.String, k.model.String, k.actor.String, k.isAd, k.duration.Int64, k.images.Int64)
			if err != nil {
				app.Close()
				return err
			}
			if err := v.PriceInto(&b, ev); err != nil {
				app.Close()
				return fmt.Errorf("price %+v: %w", ev, err)
			}
			err = app.AppendRow(int32(k.version), nullStr(k.kind), nullStr(k.media), nullStr(k.model), nullStr(k.actor),
				k.isAd, nullInt(k.duration), nullInt(k.images), k.priceKey, v.Name, b.BillableSeconds, b.BillableMinutes,
				int64(b.Generative), int64(b.Actor), int64(b.Edit), int64(b.Expected), b.VideoMinutes)
			if err != nil {
				app.Close()
				return err
			}
		}
		return app.Close()
	})
	if err != nil {
		return 0, fmt.Errorf("price keys: %w", err)
	}
	if _, err := conn.ExecContext(ctx, queries.PricesDecimal.Text); err != nil {
		return 0, fmt.Errorf("price keys: %w", err)
	}
	return len(keys), nil
}

func nullStr(s sql.NullString) driver.Value {
	if !s.Valid {
		return nil
	}
	return s.String
}

func nullInt(n sql.NullInt64) driver.Value {
	if !n.Valid {
		return nil
	}
	return n.Int64
}
