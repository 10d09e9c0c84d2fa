// Timing one process, and telling how busy the rest of the machine was
// before and during it.

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// timed runs a command as a whole process and measures it. Dirty pages of
// the run before are written out first, so that they are not this run's
// cost.
func (b *bench) timed(ctx context.Context, name string, args ...string) (result, string, error) {
	syscall.Sync()
	waited := quiet(b.o.quietWait)
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	busy0 := machineBusy()
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	busy1 := machineBusy()
	if err != nil {
		return result{}, "", fmt.Errorf("%s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(cmd.Args, " "), err, stdout.String(), tail(stderr.String(), 2000))
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	r := result{wall: wall, cpu: cpu, rssKiB: ru.Maxrss, waited: waited}
	if busy0 >= 0 && busy1 >= 0 {
		r.other = max(0, busy1-busy0-cpu)
	}
	return r, stdout.String(), nil
}

// quiet waits, for at most maxWait, until the machine has used less than a
// quarter of a CPU for a second, and returns how long it waited beyond that
// second. It cannot tell when the machine has no /proc/stat.
func quiet(maxWait time.Duration) time.Duration {
	if maxWait <= 0 {
		return 0
	}
	start := time.Now()
	for {
		b0 := machineBusy()
		time.Sleep(time.Second)
		b1 := machineBusy()
		if b0 < 0 || b1 < 0 || b1-b0 < 250*time.Millisecond || time.Since(start) >= maxWait {
			return time.Since(start) - time.Second
		}
	}
}

// machineBusy returns the CPU time all CPUs spent not idle since boot, from
// /proc/stat; -1 where there is none.
func machineBusy() time.Duration {
	text, err := os.ReadFile("/proc/stat")
	if err != nil {
		return -1
	}
	line, _, _ := strings.Cut(string(text), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return -1
	}
	var ticks int64
	for i, v := range f[1:] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		if i >= 7 { // guest time is counted in user already
			break
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		ticks += n
	}
	return time.Duration(ticks) * time.Second / 100 // USER_HZ
}
