// The generated inputs: which files a run of the bench uses, and making
// them with reconcile gen when they are missing.

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// dataset is a generated render log.
type dataset struct {
	events int
	seed   uint64
	format string // parquet or csv
	path   string
}

func (d dataset) String() string { return human(d.events) + " " + d.format }

// dataset names the generated file of events events with seed.
func (b *bench) dataset(events int, seed uint64, format string) dataset {
	name := fmt.Sprintf("events-%d-seed%d.%s", events, seed, format)
	return dataset{events: events, seed: seed, format: format, path: filepath.Join(b.o.data, name)}
}

// generate writes d with reconcile gen unless it is there already. The
// name says everything gen was given, so a file there is the right one.
func (b *bench) generate(ctx context.Context, d *dataset) error {
	if fi, err := os.Stat(d.path); err == nil && fi.Size() > 0 {
		fmt.Printf("  %-44s %s, there already\n", d.path, size(fi.Size()))
		return nil
	}
	start := time.Now()
	cmd := exec.CommandContext(ctx, b.o.reconcile, "gen", "--events", strconv.Itoa(d.events),
		"--seed", strconv.FormatUint(d.seed, 10), "--month", "2026-10", "--format", d.format, "--out", d.path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	fi, err := os.Stat(d.path)
	if err != nil {
		return err
	}
	fmt.Printf("  %-44s %s, generated in %.1f s\n", d.path, size(fi.Size()), time.Since(start).Seconds())
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
