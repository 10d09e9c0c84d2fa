package job

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/ingest"
	"github.com/reconcile/reconcile/internal/pricing"
)

// Config is what a run needs. Book and DBPath are required, and at least
// one of Inputs, Ledgers and Window.
type Config struct {
	Inputs       []string      // render logs: files, directories or globs (SPEC §2)
	Ledgers      []string      // billing ledgers, the same way (SPEC §5)
	Window       *Window       // the created_at span to report; nil: this run's events
	Shard        *Shard        // the accounts this run prices; nil: all
	Book         *pricing.Book // the price book
	BookYAML     []byte        // its bytes, kept in the database and hashed
	BookSource   string        // where it came from, for people
	DBPath       string
	OutDir       string          // reports; empty writes none
	Tolerance    decimal.Decimal // credits
	RelTolerance decimal.Decimal // a fraction of |charged|, added to Tolerance
	Version      string          // of reconcile, recorded with the run
	Wait         time.Duration   // how long to wait for another run's lock; 0: fail at once
	Reingest     bool            // read a file again whose content changed since a run read it
	PerRunDir    bool            // reports into OutDir/<run time>/, and OutDir/latest pointing there
	Command      string          // what is running, for the lock's note ("reconcile run")
	MemoryLimit  string          // DuckDB's memory_limit ("768MB"); "" for DefaultMemoryLimit; beyond it, DuckDB spills to <db>.tmp
	ProfileDir   string          // DuckDB's profile of each statement of a step, one file each; "" for none
	Progress     Progress        // told of each step; nil: nobody listens
	Log          *slog.Logger
	Now          func() time.Time // the clock; time.Now when nil

	// combined: the database is a combination of shards' (Combine), and
	// the run reconciles them as one: crossShard of their rows became
	// duplicates there.
	combined   bool
	crossShard int64
}

// memoryLimit is what DuckDB's memory_limit takes, as reconcile lets it be
// written: it reaches SQL text only after matching this.
var memoryLimit = regexp.MustCompile(`^[0-9]{1,6}(\.[0-9]{1,3})?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$`)

// Validate checks the configuration before anything is opened.
func (c *Config) Validate() error {
	switch {
	case len(c.Inputs) == 0 && len(c.Ledgers) == 0 && c.Window == nil:
		return errors.New("nothing to do: give --input, --ledger or a period")
	case c.Book == nil || len(c.BookYAML) == 0:
		return errors.New("no price book")
	case c.DBPath == "":
		return errors.New("no --db given")
	case c.Tolerance.IsNegative():
		return errors.New("--tolerance is below zero")
	case !fits(c.Tolerance, 16, 2):
		return fmt.Errorf("--tolerance %s: want at most 16 digits before the point and 2 after, like a credit amount", c.Tolerance)
	case c.RelTolerance.IsNegative():
		return errors.New("--rel-tolerance is below zero")
	case !fits(c.RelTolerance, 12, 6):
		return fmt.Errorf("--rel-tolerance %s: want at most 6 decimals", c.RelTolerance)
	case c.MemoryLimit != "" && !memoryLimit.MatchString(c.MemoryLimit):
		return fmt.Errorf("--memory-limit %q: want a size like 768MB or 2GB", c.MemoryLimit)
	case c.MemoryLimit != "" && memoryBytes(c.MemoryLimit) < minMemory:
		return fmt.Errorf("--memory-limit %q: want at least 128MB; DuckDB cannot run a reconciliation in less", c.MemoryLimit)
	}
	return c.outOutsideInputs()
}

// outOutsideInputs refuses a report folder inside an input folder: its
// CSV reports would be read as input by the next run, and fail it.
func (c Config) outOutsideInputs() error {
	if c.OutDir == "" {
		return nil
	}
	out, err := filepath.Abs(c.OutDir)
	if err != nil {
		return nil
	}
	for _, in := range append(slices.Clone(c.Inputs), c.Ledgers...) {
		if info, err := os.Stat(in); err != nil || !info.IsDir() {
			continue
		}
		abs, err := filepath.Abs(in)
		if err != nil {
			continue
		}
		if rel, err := filepath.Rel(abs, out); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return fmt.Errorf("--out %s is inside the input folder %s: the next run would read its reports as input; give a report folder outside it", c.OutDir, in)
		}
	}
	return nil
}

// fits says whether d is stored exactly in a DECIMAL with intDigits
// digits before the point and scale after: the tolerances are DECIMAL(18, 2)
// and DECIMAL(18, 6) in SQL, and a value that is not would fail the run
// after its work, not before.
func fits(d decimal.Decimal, intDigits, scale int32) bool {
	limit := decimal.New(1, intDigits)
	return d.Abs().LessThan(limit) && d.Equal(d.Truncate(scale))
}

// minMemory is the least --memory-limit a run is started with.
const minMemory = 128e6

// memoryBytes is a size that matches memoryLimit, in bytes.
func memoryBytes(s string) float64 {
	i := strings.IndexAny(s, "KMGT")
	n, err := strconv.ParseFloat(s[:i], 64)
	if err != nil {
		return 0
	}
	unit := map[string]float64{"KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
		"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}[s[i:]]
	return n * unit
}

func (c *Config) now() time.Time {
	if c.Now != nil {
		return c.Now().UTC()
	}
	return time.Now().UTC()
}

func (c *Config) log() *slog.Logger {
	if c.Log != nil {
		return c.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Progress hears how a run advances, for a progress bar.
type Progress interface {
	Step(name string, done, total int) // step done+1 of about total began
	Rows(n int64)                      // n input rows are known read
}

// ReadProgress is what a Progress may also implement to hear how far a
// run has read its input files: each is read whole, to fingerprint it,
// before anything else, so a bar can show an ETA for that part.
type ReadProgress interface {
	Read(done, total int64) // done of total bytes of the input files read
}

type noProgress struct{}

func (noProgress) Step(string, int, int) {}
func (noProgress) Rows(int64)            {}

func (c *Config) progress() Progress {
	if c.Progress == nil {
		return noProgress{}
	}
	return c.Progress
}

// readProgress returns what fingerprinting calls with the size of each
// input file it has read, telling p the bytes read of all the files' when
// p is a ReadProgress.
func readProgress(p Progress, files ...[]ingest.File) func(bytes int64) {
	rp, ok := p.(ReadProgress)
	if !ok {
		return func(int64) {}
	}
	var total, done int64
	for _, fs := range files {
		for _, f := range fs {
			if fi, err := os.Stat(f.Path); err == nil {
				total += fi.Size()
			}
		}
	}
	rp.Read(0, total)
	return func(n int64) {
		done += n
		rp.Read(done, total)
	}
}

// bookHash is the sha256 of a price book's bytes, hex: how runs and
// pricebooks name it.
func bookHash(yaml []byte) string {
	sum := sha256.Sum256(yaml)
	return hex.EncodeToString(sum[:])
}
