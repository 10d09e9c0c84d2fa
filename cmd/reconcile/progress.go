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
)

// progressBar shows a run's steps and its rows per second on a terminal.
// Log lines go through it, printed above the bar.
type progressBar struct {
	p     *mpb.Progress
	bar   *mpb.Bar
	start time.Time

	mu   sync.Mutex
	step string
	rows int64
}

// newProgressBar returns a bar on w when w is a terminal, else nil.
func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	pb := &progressBar{start: time.Now(), step: "starting"}
	pb.p = mpb.New(mpb.WithOutput(f), mpb.WithWidth(40))
	pb.bar = pb.p.AddBar(0,
		mpb.PrependDecorators(decor.Name("reconcile "), decor.Elapsed(decor.ET_STYLE_MMSS)),
		mpb.AppendDecorators(decor.Any(func(decor.Statistics) string {
			pb.mu.Lock()
			defer pb.mu.Unlock()
			s := pb.step
			if pb.rows > 0 {
				secs := time.Since(pb.start).Seconds()
				s += "  " + humanRows(pb.rows) + " rows, " + humanRows(int64(float64(pb.rows)/max(secs, 0.001))) + " rows/s"
			}
			return s
		})),
	)
	return pb
}

// Step implements job.Progress.
func (pb *progressBar) Step(name string, done, total int) {
	pb.mu.Lock()
	pb.step = name
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

// Write prints log lines above the bar.
func (pb *progressBar) Write(b []byte) (int, error) { return pb.p.Write(b) }

// Done completes the bar and waits until it is drawn.
func (pb *progressBar) Done() {
	pb.mu.Lock()
	pb.step = "done"
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
