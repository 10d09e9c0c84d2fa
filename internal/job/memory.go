package job

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/reconcile/reconcile/queries"
)

// The default DuckDB memory limit: memoryShare of the memory the process
// may use (its cgroup's limit, or the machine's memory when there is none
// or it is larger), at most memoryCap. Measured on 10M Parquet events on a
// 2-core, 24 GB machine: 768MB and 14GB give the same wall time (26.3 s
// and 27.4 s), while peak RSS grows from 979 MiB to 1.7 GiB; what does not
// fit spills to <db>.tmp beside the database. 640MB (2026-12-03): the same
// time again (26.9 s at 600MB), and a peak RSS of 850-860 MiB where 768MB
// gave from 940 MiB to 1.1 GiB from one run to the next. A smaller container gets a
// smaller limit, so that DuckDB's pool and the Go side (the workbook) fit
// in it together.
const (
	memoryShare = 0.6
	memoryCap   = 640e6
)

// DefaultMemoryLimit is the memory limit a run takes when --memory-limit
// does not say, as DuckDB's memory_limit takes it ("768MB"), and what it
// was derived from, for the log.
func DefaultMemoryLimit() (limit, from string) {
	avail, from := availableMemory()
	return memoryLimitFor(avail), from
}

// memoryLimitFor is the default memory limit for avail bytes of memory (0:
// unknown).
func memoryLimitFor(avail int64) string {
	n := memoryShare * float64(avail)
	if avail <= 0 || n > memoryCap {
		n = memoryCap
	}
	if n < minMemory {
		n = minMemory
	}
	return fmt.Sprintf("%dMB", int64(n/1e6))
}

// availableMemory is the memory this process may use, in bytes: the
// cgroup's limit (v2 memory.max, or v1 memory.limit_in_bytes) when it is
// set and below the machine's memory, else the machine's (MemTotal). It is
// 0 when neither can be read.
func availableMemory() (int64, string) {
	total := memTotal()
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err != nil || n <= 0 { // "max": no limit
			continue
		}
		if total == 0 || n < total {
			return n, "cgroup " + f
		}
	}
	return total, "machine (MemTotal)"
}

// memTotal is the machine's memory from /proc/meminfo, in bytes; 0 when
// it cannot be read.
func memTotal() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// setMemoryLimit sets DuckDB's memory limit on conn: limit, or when it is
// empty DefaultMemoryLimit.
func setMemoryLimit(ctx context.Context, conn *sql.Conn, limit string, log *slog.Logger) error {
	from := "--memory-limit"
	if limit == "" {
		limit, from = DefaultMemoryLimit()
	}
	// limit matched memoryLimit (Config.Validate) or was made above.
	q, err := queries.SetMemoryLimit.Fill(limit)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, q.Text); err != nil {
		return fmt.Errorf("memory limit %s: %w", limit, err)
	}
	log.Debug("memory limit", "limit", limit, "from", from)
	return nil
}

// limitMemory gives a database opened to read it (sql, explain, export,
// close, bridge, a dry run) the default memory limit a run takes, so that
// a heavy query spills to disk instead of taking most of the machine:
// DuckDB's own default is 80% of it.
func limitMemory(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return setMemoryLimit(ctx, conn, "", slog.New(slog.DiscardHandler))
}
