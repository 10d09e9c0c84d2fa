package job

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// ErrShards reports shard databases that do not make one month: a shard
// missing or given twice, databases of different shard counts or price
// books, a database that is no shard's.
var ErrShards = errors.New("the shards do not combine")

// ShardFacts is what one shard's database says of itself.
type ShardFacts struct {
	Path      string
	Shard     Shard
	PriceBook string // sha256 of the one price book its runs used
}

// Combined is what CombineShards stored.
type Combined struct {
	Shards     []ShardFacts // by shard index
	CrossShard int64        // rows that became duplicates: their id was priced in another shard first
}

// CombineShards stores the rows of the shard databases paths (each written
// by run --shard I/N; together every shard of N once, priced with one price
// book) into the new database dbPath, in one transaction, as one run of
// all of them would have stored them: an event id that two shards priced
// (its rows carry different accounts) is one event, its first row, and its
// other rows are duplicate rows. The findings are not copied: a combined
// month is reconciled again (run --period on dbPath). The shard databases
// are opened read-only.
func CombineShards(ctx context.Context, dbPath string, paths []string) (res Combined, err error) {
	if len(paths) == 0 {
		return res, fmt.Errorf("%w: no shard databases", ErrShards)
	}
	if _, err := os.Stat(dbPath); err == nil {
		return res, fmt.Errorf("combine into %s: it exists; combining writes a new database", dbPath)
	}
	defer func() {
		if err != nil { // a combine that fails leaves no database behind
			os.Remove(dbPath)
			os.Remove(dbPath + ".wal")
		}
	}()
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		return res, err
	}
	defer st.Close()
	conn, err := st.DB.Conn(ctx)
	if err != nil {
		return res, err
	}
	defer conn.Close()
	type shard struct {
		Alias, Path           string
		K, Batch, Price       int64
		maxBatch, maxPriceIDs int64
	}
	var shards []shard
	for i, p := range paths {
		s := shard{Alias: "rc_shard_" + strconv.Itoa(i), Path: p}
		if err := execTmpl(ctx, conn, queries.CombineAttach, s); err != nil {
			return res, fmt.Errorf("combine: open %s: %w", p, err)
		}
		defer execTmpl(context.WithoutCancel(ctx), conn, queries.CombineDetach, s)
		f, maxBatch, maxPrice, err := shardFacts(ctx, conn, s.Alias, p)
		if err != nil {
			return res, err
		}
		s.K, s.maxBatch, s.maxPriceIDs = int64(f.Shard.Index), maxBatch, maxPrice
		shards = append(shards, s)
		res.Shards = append(res.Shards, f)
	}
	if err := checkShards(res.Shards); err != nil {
		return res, err
	}
	var batch, price int64
	for i := range shards {
		shards[i].Batch, shards[i].Price = batch, price
		batch += shards[i].maxBatch + 1 // ids may start at 0
		price += shards[i].maxPriceIDs + 1
	}
	slices.SortFunc(res.Shards, func(a, b ShardFacts) int { return a.Shard.Index - b.Shard.Index })
	copyQ, err := queries.CombineCopy.Fill(map[string]any{"Shards": shards})
	if err != nil {
		return res, err
	}
	err = inTxConn(ctx, conn, func() error {
		for _, q := range []queries.Query{copyQ, queries.CombineDuplicates} {
			for _, stmt := range q.Statements() {
				if _, err := conn.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("combine: %s: %w", q.Name, err)
				}
			}
		}
		return conn.QueryRowContext(ctx, queries.CombineCrossCount.Text).Scan(&res.CrossShard)
	})
	return res, err
}

// shardFacts reads which shard the attached database alias holds, and
// with which price book; a database of no shard, of several, or of more
// than one price book, or of another schema version, is refused.
func shardFacts(ctx context.Context, conn *sql.Conn, alias, path string) (f ShardFacts, maxBatch, maxPrice int64, err error) {
	f = ShardFacts{Path: path}
	q, err := queries.CombineFacts.Fill(map[string]string{"Alias": alias})
	if err != nil {
		return f, 0, 0, err
	}
	var shardsText, books, version string
	if err := conn.QueryRowContext(ctx, q.Text).Scan(&shardsText, &books, &version, &maxBatch, &maxPrice); err != nil {
		return f, 0, 0, fmt.Errorf("combine: read %s: %w", path, err)
	}
	if version != store.SchemaVersion {
		return f, 0, 0, fmt.Errorf("%w: %s has schema version %s, this reconcile %s: run it once with this reconcile first", ErrShards, path, version, store.SchemaVersion)
	}
	parts := strings.Split(shardsText, ",")
	if shardsText == "" || len(parts) != 1 || parts[0] == "none" {
		return f, 0, 0, fmt.Errorf("%w: %s holds runs of shards %q; want the runs of one shard (run --shard I/N)", ErrShards, path, shardsText)
	}
	s, err := ParseShard(parts[0])
	if err != nil {
		return f, 0, 0, fmt.Errorf("%w: %s: %v", ErrShards, path, err)
	}
	f.Shard = *s
	if strings.Contains(books, ",") {
		return f, 0, 0, fmt.Errorf("%w: %s was priced with several price books (%s)", ErrShards, path, books)
	}
	f.PriceBook = books
	return f, maxBatch, maxPrice, nil
}

// checkShards refuses shards that are not every shard of one count once,
// priced with one price book, naming what is wrong.
func checkShards(fs []ShardFacts) error {
	n := fs[0].Shard.Count
	byIndex := map[int][]string{}
	for _, f := range fs {
		if f.Shard.Count != n {
			return fmt.Errorf("%w: %s holds shard %s, %s shard %s: one month is split one way", ErrShards, fs[0].Path, fs[0].Shard.String(), f.Path, f.Shard.String())
		}
		if f.PriceBook != fs[0].PriceBook {
			return fmt.Errorf("%w: %s was priced with price book %s, %s with %s", ErrShards, fs[0].Path, short(fs[0].PriceBook), f.Path, short(f.PriceBook))
		}
		byIndex[f.Shard.Index] = append(byIndex[f.Shard.Index], f.Path)
	}
	var missing []string
	for i := range n {
		switch p := byIndex[i]; {
		case len(p) == 0:
			missing = append(missing, fmt.Sprintf("%d/%d", i, n))
		case len(p) > 1:
			return fmt.Errorf("%w: shard %d/%d is given twice: %s", ErrShards, i, n, strings.Join(p, ", "))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: shard %s missing", ErrShards, strings.Join(missing, ", "))
	}
	return nil
}

func short(hash string) string { return hash[:min(12, len(hash))] }

// execTmpl fills a one-statement template with data and runs it.
func execTmpl(ctx context.Context, conn *sql.Conn, t queries.Template, data any) error {
	q, err := t.Fill(data)
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, q.Text)
	return err
}

// Combine stores the shard databases shards into the new database
// cfg.DBPath (CombineShards) and reconciles them there as one run over
// cfg.Window, writing the month's reports into cfg.OutDir: the findings,
// accounts, days and totals one run of all the shards' input would give.
func Combine(ctx context.Context, cfg Config, shards []string) (*Result, Combined, error) {
	if cfg.Window == nil {
		return nil, Combined{}, errors.New("combine: no window: give the month (--period)")
	}
	if len(cfg.Inputs) > 0 || len(cfg.Ledgers) > 0 || cfg.Shard != nil {
		return nil, Combined{}, errors.New("combine: reads the shards' databases only (no --input, --ledger or --shard)")
	}
	c, err := CombineShards(ctx, cfg.DBPath, shards)
	if err != nil {
		return nil, c, err
	}
	for _, s := range c.Shards {
		if s.PriceBook != bookHash(cfg.BookYAML) {
			return nil, c, fmt.Errorf("%w: the shards were priced with price book %s, this combine has %s (give it --pricebook)",
				ErrShards, short(s.PriceBook), short(bookHash(cfg.BookYAML)))
		}
	}
	cfg.combined, cfg.crossShard = true, c.CrossShard
	res, err := Run(ctx, cfg)
	return res, c, err
}

// combinedRows prepares the run over a combined database: its shards'
// runs, its files and the rows of its repeated ids (combine_dup_rows). It
// returns the duplicate rows.
func (r *runner) combinedRows(ctx context.Context) (int64, error) {
	if err := r.exec(ctx, queries.CombineShardRuns); err != nil {
		return 0, err
	}
	if err := r.exec(ctx, queries.CombineDupRows); err != nil {
		return 0, err
	}
	return r.count(ctx, queries.CombineDupCount)
}

// combinedCounts are the counts of the run over a combined database: what
// its shards read, as one run (combine_counts), the rows of ids that two
// shards priced counted as duplicates.
func (r *runner) combinedCounts(ctx context.Context, c Counts, dups int64) (Counts, error) {
	err := r.conn.QueryRowContext(ctx, queries.CombineCounts.Text).Scan(&c.RowsRead, &c.Priced, &c.Rejected, &c.Duplicates,
		&c.LedgerRows, &c.LedgerTaken, &c.LedgerRejected)
	if err != nil {
		return c, fmt.Errorf("count the shards' rows: %w", err)
	}
	c.Priced -= r.cfg.crossShard
	c.Duplicates += r.cfg.crossShard
	if c.Duplicates != dups || c.Priced+c.Rejected+c.Duplicates != c.RowsRead {
		return c, fmt.Errorf("run %s: %w: the shards read %d rows: %d priced + %d rejected + %d duplicates (%d stored)",
			r.runID, ErrCountMismatch, c.RowsRead, c.Priced, c.Rejected, c.Duplicates, dups)
	}
	return c, r.exec(ctx, queries.CombineRejects, r.runID)
}

// shardLines reads the Shards sheet of a combined month.
func (r *runner) shardLines(ctx context.Context) ([]report.ShardLine, error) {
	from, to := r.cfg.Window.bounds()
	return collect(ctx, r.conn, queries.CombineShardLines, []any{from, to}, scanShardLine)
}

func scanShardLine(rows *sql.Rows) (report.ShardLine, error) {
	var l report.ShardLine
	var exp, chg store.Decimal
	err := rows.Scan(&l.Shard, &l.RunID, &l.PriceBookHash, &l.Rows, &l.Rejected, &l.Events, &exp, &chg)
	l.Expected, l.Charged = exp.Decimal, chg.Decimal
	return l, err
}
