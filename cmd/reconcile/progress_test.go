package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

func TestPhaseText(t *testing.T) {
	tests := []struct {
		name        string
		step        string
		done, total int
		rows        int64
		elapsed     time.Duration
		want        string
	}{
		{"before rows", "reading", 0, 5, 0, time.Second, "reading (1/5)"},
		{"rows and rate", "pricing", 2, 5, 1_200_000, 10 * time.Second, "pricing (3/5)  1200k rows, 120k rows/s"},
		{"done", "done", 0, 0, 12, time.Second, "done  12 rows, 12 rows/s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := phaseText(tt.step, tt.done, tt.total, tt.rows, tt.elapsed); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadETA(t *testing.T) {
	eta := readETA(time.Now().Add(-10 * time.Second))
	tests := []struct {
		name string
		s    decor.Statistics
		want string
	}{
		{"nothing read yet", decor.Statistics{Total: 100}, ""},
		{"half read in 10s", decor.Statistics{Total: 100, Current: 50}, "ETA 00:10"},
		{"all read", decor.Statistics{Total: 100, Current: 100, Completed: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := eta.Decor(tt.s); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestProgressBarDraws runs a bar through a run's calls on a buffer and
// checks its last frame.
func TestProgressBarDraws(t *testing.T) {
	var buf bytes.Buffer
	pb := newBarOn(&buf, mpb.WithAutoRefresh())
	pb.Step("reading", 0, 5)
	pb.Read(0, 1000)
	pb.Read(400, 1000)
	pb.Read(1000, 1000)
	pb.Step("validating", 1, 5)
	pb.Rows(12_345)
	pb.Step("writing reports", 4, 5)
	pb.Done()
	if out := buf.String(); !strings.Contains(out, "done  12k rows") {
		t.Errorf("last frame lacks the rows:\n%s", out)
	}
}
