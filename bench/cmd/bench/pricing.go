// The pricing core's Go benchmarks, run on one core.

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// pricing runs the pricing core's benchmarks on one core, prints them and
// returns the highest events/s a benchmark reports, and its name.
// The test binary is built first and run once the machine is quiet: the
// same as go test -run='^$' -bench=. -benchmem -cpu 1 ./internal/pricing.
func (b *bench) pricing(ctx context.Context) (float64, string, error) {
	bin, err := filepath.Abs(filepath.Join(b.work, "pricing.test"))
	if err != nil {
		return 0, "", err
	}
	build := exec.CommandContext(ctx, b.o.goCmd, "test", "-c", "-o", bin, "./internal/pricing")
	if out, err := build.CombinedOutput(); err != nil {
		return 0, "", fmt.Errorf("%s: %v\n%s", strings.Join(build.Args, " "), err, out)
	}
	if waited := quiet(b.o.quietWait); waited >= time.Second {
		fmt.Printf("  (waited %.0f s for other work on the machine to stop first)\n", waited.Seconds())
	}
	cmd := exec.CommandContext(ctx, bin, "-test.run=^$", "-test.bench=.", "-test.benchmem", "-test.cpu", "1")
	cmd.Dir = filepath.Join("internal", "pricing")
	busy0 := machineBusy()
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if busy0 >= 0 && cmd.ProcessState != nil {
		other := machineBusy() - busy0 - cmd.ProcessState.UserTime() - cmd.ProcessState.SystemTime()
		fmt.Printf("  (%.0f s; other processes used %.1f s of CPU meanwhile)\n", wall.Seconds(), max(0, other).Seconds())
	}
	if err != nil {
		return 0, "", fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	rate, name := -1.0, ""
	re := regexp.MustCompile(`^(Benchmark\S*).*?\s([0-9.e+]+) events/s`)
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "Benchmark") && !strings.HasPrefix(line, "cpu:") {
			continue
		}
		fmt.Println("  " + line)
		if m := re.FindStringSubmatch(line); m != nil {
			if v, err := strconv.ParseFloat(m[2], 64); err == nil && v > rate {
				rate, name = v, m[1]
			}
		}
	}
	if rate < 0 {
		return 0, "", fmt.Errorf("no events/s in the output of %s:\n%s", strings.Join(cmd.Args, " "), out)
	}
	return rate, name, nil
}
