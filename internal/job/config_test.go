package job

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// TestValidateFlagValues: a value the run could only fail on after its
// work (a tolerance SQL cannot hold, a memory limit DuckDB cannot run in)
// is refused before anything is opened, naming the flag (exit 2).
func TestValidateFlagValues(t *testing.T) {
	for _, c := range []struct {
		tol, rel, mem string
		want          string // "" valid, else a part of the error
	}{
		{"0.01", "0", "", ""},
		{"9999999999999999.99", "0.999999", "128MB", ""},
		{"1.50", "0.5", "2GB", ""},
		{"1e20", "0", "", "--tolerance"},
		{"10000000000000000", "0", "", "--tolerance"},
		{"0.001", "0", "", "--tolerance"}, // was rounded to 0.00 in SQL
		{"0.01", "0.0000001", "", "--rel-tolerance"},
		{"0.01", "0", "0MB", "--memory-limit"},
		{"0.01", "0", "127MB", "--memory-limit"},
		{"0.01", "0", "100KiB", "--memory-limit"},
		{"0.01", "0", "768", "--memory-limit"},
	} {
		cfg := config(t)
		cfg.Inputs = []string{"x.csv"}
		cfg.Tolerance = decimal.RequireFromString(c.tol)
		cfg.RelTolerance = decimal.RequireFromString(c.rel)
		cfg.MemoryLimit = c.mem
		err := cfg.Validate()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("tolerance %s, rel %s, memory %q: %v; want it valid", c.tol, c.rel, c.mem, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("tolerance %s, rel %s, memory %q: %v; want an error naming %s", c.tol, c.rel, c.mem, err, c.want)
		}
	}
}

// TestOutInsideInput: a report folder inside an input folder is refused
// before any work (its CSV reports would fail every later run), wherever
// it is named from; beside it is fine.
func TestOutInsideInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		input, out string
		refused    bool
	}{
		{in, filepath.Join(in, "out"), true},
		{in, in, true},
		{in + "/", filepath.Join(in, "a", "b"), true},
		{filepath.Join(in, ".."), filepath.Join(dir, "out"), true}, // dir holds out
		{in, filepath.Join(dir, "out"), false},
		{in, filepath.Join(dir, "in-out"), false},
		{filepath.Join(in, "*.csv"), filepath.Join(in, "out"), false}, // a glob reads no report folder
	} {
		cfg := config(t)
		cfg.Inputs, cfg.OutDir = []string{c.input}, c.out
		err := cfg.Validate()
		if (err != nil) != c.refused || (err != nil && !strings.Contains(err.Error(), "--out")) {
			t.Errorf("input %s, out %s: %v; want refused %v", c.input, c.out, err, c.refused)
		}
	}
}
