package job

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is the part of the accounts one run prices, so that N runs (on N
// machines) together price them all: an account belongs to shard
// md5(account_id) mod N, a row without an account_id to shard 0. Every
// row of an account lands in the same shard, so duplicates, discrepancies
// and per-account totals never cross shards. MD5 is used because it is the
// same on every machine and in every DuckDB version.
type Shard struct {
	Index, Count int
}

// ParseShard reads "I/N" (0 ≤ I < N).
func ParseShard(s string) (*Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	index, err1 := strconv.Atoi(i)
	count, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || count < 1 || index < 0 || index >= count {
		return nil, fmt.Errorf("shard %q: want I/N with 0 ≤ I < N, e.g. 0/4", s)
	}
	return &Shard{Index: index, Count: count}, nil
}

func (s *Shard) String() string {
	if s == nil {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// filter is the ingest filter of the shard: none without one.
func (s *Shard) filter() (count, index int) {
	if s == nil {
		return 0, 0
	}
	return s.Count, s.Index
}
