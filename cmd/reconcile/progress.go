package main

import (
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"

	"github.com/reconcile/reconcile/internal/job"
)

// progressBar shows a run's phases (reading, validating, pricing,
// reconciling, writing reports), the rows it knows and their rate on a
// terminal; while the input files are read, a second bar shows their bytes
// and an ETA. Log lines go through it, printed above the bars.
type progressBar struct {
	p     *mpb.Progress
	bar   *mpb.Bar
	start time.Time

	mu          sync.Mutex
	step        string
	done, total int   // the phase's place in the run
	rows        int64 // input rows known

	// readMu, not mu, guards read: mu is taken while mpb draws, and mpb
	// calls wait for its drawing.
	readMu sync.Mutex
	read   *mpb.Bar // bytes of the input files read; nil but while they are read
}

var _ job.ReadProgress = (*progressBar)(nil)

// newProgressBar returns a bar on w when w is a terminal, else nil.
func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return newBarOn(f)
}

// newBarOn returns a bar drawn on w, terminal or not.
func newBarOn(w io.Writer, opts ...mpb.ContainerOption) *progressBar {
	pb := &progressBar{start: time.Now(), step: "starting"}
	pb.p = mpb.New(append([]mpb.ContainerOption{mpb.WithOutput(w), mpb.WithWidth(40)}, opts...)...)
	pb.bar = pb.p.AddBar(0,
		mpb.PrependDecorators(decor.Name("reconcile "), decor.Elapsed(decor.ET_STYLE_MMSS)),
		mpb.AppendDecorators(decor.Any(func(decor.Statistics) string {
			pb.mu.Lock()
			defer pb.mu.Unlock()
			return phaseText(pb.step, pb.done, pb.total, pb.rows, time.Since(pb.start))
		})),
	)
	return pb
}

// phaseText is what the bar says after it: the phase, its place among the
// run's, and the rows known with their rate since the run started.
func phaseText(step string, done, total int, rows int64, elapsed time.Duration) string {
	s := step
	if total > 0 && done < total {
		s += " (" + itoa(int64(done+1)) + "/" + itoa(int64(total)) + ")"
	}
	if rows > 0 {
		secs := elapsed.Seconds()
		s += "  " + humanRows(rows) + " rows, " + humanRows(int64(float64(rows)/max(secs, 0.001))) + " rows/s"
	}
	return s
}

// readETA says how long reading the input files will still take, from
// the average rate since start; nothing before the first file is read.
func readETA(start time.Time) decor.Decorator {
	eta := decor.NewAverageETA(decor.ET_STYLE_MMSS, start, nil)
	return decor.Any(func(s decor.Statistics) string {
		if s.Current <= 0 || s.Completed || s.Aborted {
			return ""
		}
		text, _ := eta.Decor(s)
		return "ETA " + text
	})
}

// Step implements job.Progress.
func (pb *progressBar) Step(name string, done, total int) {
	pb.mu.Lock()
	pb.step, pb.done, pb.total = name, done, total
	pb.mu.Unlock()
	pb.bar.SetTotal(int64(total), false)
	pb.bar.SetCurrent(int64(min(done, total-1)))
}

// Rows implements job.Progress.
func (pb *progressBar) Rows(n int64) {
	pb.mu.Lock()
	pb.rows = n
	pb.mu.Unlock()
}

// Read implements job.ReadProgress: a bar of the input files' bytes, with
// an ETA, until they are all read.
func (pb *progressBar) Read(done, total int64) {
	pb.readMu.Lock()
	defer pb.readMu.Unlock()
	if total <= 0 {
		return
	}
	if pb.read == nil {
		if done >= total {
			return
		}
		pb.read = pb.p.AddBar(total, mpb.BarRemoveOnComplete(),
			mpb.PrependDecorators(decor.Name("  input "), decor.CountersKibiByte("% .1f / % .1f")),
			mpb.AppendDecorators(readETA(time.Now())))
	}
	pb.read.SetCurrent(done)
	if done >= total {
		pb.read = nil // complete: mpb removes it
	}
}

// Write prints log lines above the bar.
func (pb *progressBar) Write(b []byte) (int, error) { return pb.p.Write(b) }

// Done completes the bar and waits until it is drawn.
func (pb *progressBar) Done() {
	pb.readMu.Lock()
	if pb.read != nil { // the run failed while reading
		pb.read.Abort(true)
		pb.read = nil
	}
	pb.readMu.Unlock()
	pb.mu.Lock()
	pb.step, pb.done, pb.total = "done", 0, 0
	pb.mu.Unlock()
	pb.bar.SetTotal(-1, true)
	pb.p.Wait()
}

func humanRows(n int64) string {
	switch {
	case n >= 10_000_000:
		return itoa(n/1_000_000) + "M"
	case n >= 10_000:
		return itoa(n/1_000) + "k"
	}
	return itoa(n)
}

func itoa(n int64) string {
	return strconv.FormatInt(n, 10)
}
