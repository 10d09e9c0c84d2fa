package atomicfs

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestMkdirStage(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "a", "out") // made with its parents
	stage, err := MkdirStage(parent, ".staging-")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(stage) != parent || !strings.HasPrefix(filepath.Base(stage), ".staging-") {
		t.Errorf("stage %s, want .staging-… in %s", stage, parent)
	}
	info, err := os.Stat(stage)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); !info.IsDir() || got != DirMode() {
		t.Errorf("stage mode %v, want a folder %#o", info.Mode(), DirMode())
	}
	if other, err := MkdirStage(parent, ".staging-"); err != nil || other == stage {
		t.Errorf("a second stage %s (%v), want another folder", other, err)
	}
}

func TestMoveFiles(t *testing.T) {
	tests := []struct {
		name   string
		old    map[string]string // in dir before
		staged map[string]string
		want   map[string]string
	}{
		{"into an empty folder", nil,
			map[string]string{"a.csv": "new a", "b.csv": "new b"},
			map[string]string{"a.csv": "new a", "b.csv": "new b"}},
		{"over old files", map[string]string{"a.csv": "old a", "b.csv": "old b", "notes.txt": "left alone"},
			map[string]string{"a.csv": "new a", "b.csv": "new b"},
			map[string]string{"a.csv": "new a", "b.csv": "new b", "notes.txt": "left alone"}},
		{"nothing staged", map[string]string{"a.csv": "old a"}, nil,
			map[string]string{"a.csv": "old a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			put(t, dir, tt.old)
			stage, err := MkdirStage(dir, ".staging-")
			if err != nil {
				t.Fatal(err)
			}
			put(t, stage, tt.staged)
			var calls []int
			moved, err := MoveFiles(stage, dir, func(i int) { calls = append(calls, i) })
			if err != nil {
				t.Fatal(err)
			}
			if got := files(t, dir); !maps.Equal(got, tt.want) {
				t.Errorf("folder holds %q, want %q (and no stage)", got, tt.want)
			}
			var want []string
			var wantCalls []int
			for i, name := range slices.Sorted(maps.Keys(tt.staged)) {
				want = append(want, filepath.Join(dir, name))
				wantCalls = append(wantCalls, i)
			}
			if !slices.Equal(moved, want) || !slices.Equal(calls, wantCalls) {
				t.Errorf("moved %q, calls %v; want %q, %v", moved, calls, want, wantCalls)
			}
			if _, err := os.Stat(stage); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("stage still there (%v)", err)
			}
		})
	}
}

// TestMoveFilesAgain: after a crash that left some files moved and the
// others staged, a second MoveFiles finishes the job.
func TestMoveFilesAgain(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, map[string]string{"a.csv": "old a", "b.csv": "old b"})
	stage, err := MkdirStage(dir, ".staging-")
	if err != nil {
		t.Fatal(err)
	}
	put(t, stage, map[string]string{"a.csv": "new a", "b.csv": "new b"})
	if err := os.Rename(filepath.Join(stage, "a.csv"), filepath.Join(dir, "a.csv")); err != nil { // the crash
		t.Fatal(err)
	}
	moved, err := MoveFiles(stage, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(dir, "b.csv")}; !slices.Equal(moved, want) {
		t.Errorf("moved %q, want %q", moved, want)
	}
	if got, want := files(t, dir), map[string]string{"a.csv": "new a", "b.csv": "new b"}; !maps.Equal(got, want) {
		t.Errorf("folder holds %q, want %q", got, want)
	}
}

func TestMoveInto(t *testing.T) {
	tests := []struct {
		name     string
		old      map[string]string // in dir before; nil: no dir
		staged   map[string]string
		names    []string
		wantErr  bool
		want     map[string]string
		replaced []string
	}{
		{name: "no folder yet: the stage becomes it",
			staged: map[string]string{"month=2026-10/data_0.parquet": "new october"},
			names:  []string{"month=2026-10"},
			want:   map[string]string{"month=2026-10/data_0.parquet": "new october"}},
		{name: "a folder replaced, one added, the others left",
			old: map[string]string{
				"month=2026-10/data_0.parquet": "old october",
				"month=2026-10/data_1.parquet": "old october, a second file",
				"month=2026-08/data_0.parquet": "august",
				"notes.txt":                    "left alone",
			},
			staged: map[string]string{"month=2026-10/data_0.parquet": "new october", "month=2026-09/data_0.parquet": "september"},
			names:  []string{"month=2026-10", "month=2026-09"},
			want: map[string]string{
				"month=2026-10/data_0.parquet": "new october",
				"month=2026-09/data_0.parquet": "september",
				"month=2026-08/data_0.parquet": "august",
				"notes.txt":                    "left alone",
			},
			replaced: []string{"month=2026-10"}},
		{name: "nested folders",
			old:      map[string]string{"month=2026-10/shard=0/data_0.parquet": "shard 0", "month=2026-10/shard=1/data_0.parquet": "old shard 1"},
			staged:   map[string]string{"month=2026-10/shard=1/data_0.parquet": "new shard 1"},
			names:    []string{"month=2026-10/shard=1"},
			want:     map[string]string{"month=2026-10/shard=0/data_0.parquet": "shard 0", "month=2026-10/shard=1/data_0.parquet": "new shard 1"},
			replaced: []string{"month=2026-10/shard=1"}},
		{name: "a failed move puts the old folder back",
			old:     map[string]string{"month=2026-10/data_0.parquet": "old october"},
			staged:  map[string]string{"month=2026-09/data_0.parquet": "september"},
			names:   []string{"month=2026-10"}, // not staged: its move fails
			wantErr: true,
			want:    map[string]string{"month=2026-10/data_0.parquet": "old october"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "lake")
			if tt.old != nil {
				put(t, dir, tt.old)
			}
			stage, err := MkdirStage(parent, ".lake.export-*")
			if err != nil {
				t.Fatal(err)
			}
			put(t, stage, tt.staged)
			replaced, err := MoveInto(stage, dir, tt.names)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want one: %v", err, tt.wantErr)
			}
			os.RemoveAll(stage) // the caller's part
			if got := files(t, dir); !maps.Equal(got, tt.want) {
				t.Errorf("folder holds %q, want %q", got, tt.want)
			}
			if !slices.Equal(replaced, tt.replaced) {
				t.Errorf("replaced %q, want %q", replaced, tt.replaced)
			}
			if entries, _ := os.ReadDir(parent); len(entries) != 1 {
				t.Errorf("beside the folder: %v, want it alone", entries)
			}
		})
	}
}
