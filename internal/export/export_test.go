package export_test

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/export"
	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/store"
)

const renderLog = `event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes
e1,v1,acct-1,2026-10-01T10:00:00Z,render,generative,pro,human,false,60000,,25.00,0
e2,v1,acct-1,2026-10-01T10:05:00Z,edit_clip,,pro,,,5000,,1.67,
e3,v2,acct-2,2026-10-02T10:00:00Z,render,stock,,human,false,180000,,15.00,2
e6,v5,acct-1,2026-09-30T23:59:59Z,render,generative,pro,,,30000,,12.00,0
`

// database prices renderLog into a new database and opens it to read and
// write files.
func database(t *testing.T) *store.Store {
	t.Helper()
	dir := t.TempDir()
	logs := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(logs, []byte(renderLog), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "r.duckdb")
	_, err := job.Run(t.Context(), job.Config{
		Inputs: []string{logs}, Book: pricing.Default(), BookYAML: pricing.DefaultYAML, BookSource: "embedded v1",
		DBPath: db, Tolerance: decimal.RequireFromString("0.01"), Version: "test",
		Now: func() time.Time { return time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenReadOnly(t.Context(), db, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// tree lists the files under dir, relative to it, with their contents;
// none when there is no dir.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if p == dir && errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestRun(t *testing.T) {
	st := database(t)
	october, err := job.PeriodWindow("2026-10")
	if err != nil {
		t.Fatal(err)
	}
	july, _ := job.PeriodWindow("2026-07")
	tests := []struct {
		name      string
		old       map[string]string // files in the folder before the export
		window    *job.Window
		shard     *job.Shard
		wantRows  int64
		wantFiles map[string]int64  // Parquet files written and their rows
		wantOld   map[string]string // files of before the export that must still be there
		replaced  []string
	}{
		{name: "a month into a new folder", window: &october, wantRows: 3,
			wantFiles: map[string]int64{"month=2026-10/data_0.parquet": 3}},
		{name: "everything over an earlier export",
			old: map[string]string{
				"month=2026-10/data_0.parquet": "october of an earlier export",
				"month=2026-10/extra.parquet":  "a file of the earlier partition",
				"month=2026-08/data_0.parquet": "a month this export does not write",
				"notes.txt":                    "not a partition",
			},
			wantRows:  4,
			wantFiles: map[string]int64{"month=2026-09/data_0.parquet": 1, "month=2026-10/data_0.parquet": 3},
			wantOld: map[string]string{
				"month=2026-08/data_0.parquet": "a month this export does not write",
				"notes.txt":                    "not a partition",
			},
			replaced: []string{"month=2026-10"}},
		{name: "a shard", window: &october, shard: &job.Shard{Index: 1, Count: 2}, wantRows: 3,
			old:       map[string]string{"month=2026-10/shard=0/data_0.parquet": "the other shard's"},
			wantFiles: map[string]int64{"month=2026-10/shard=1/data_0.parquet": 3},
			wantOld:   map[string]string{"month=2026-10/shard=0/data_0.parquet": "the other shard's"}},
		{name: "a window without events", window: &july},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "lake")
			for name, content := range tt.old {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res, err := export.Run(t.Context(), st.DB, export.Options{Dir: dir, Window: tt.window, Shard: tt.shard})
			if err != nil {
				t.Fatal(err)
			}
			if res.Rows != tt.wantRows {
				t.Errorf("rows %d, want %d", res.Rows, tt.wantRows)
			}
			files := map[string]int64{}
			for _, f := range res.Files {
				rel, err := filepath.Rel(dir, f.Path)
				if err != nil || strings.HasPrefix(rel, "..") {
					t.Errorf("file %s is not under %s", f.Path, dir)
				}
				files[rel] = f.Rows
			}
			if len(files) != len(tt.wantFiles) {
				t.Errorf("files %v, want %v", files, tt.wantFiles)
			}
			for name, n := range tt.wantFiles {
				if files[name] != n {
					t.Errorf("file %s: %d rows, want %d", name, files[name], n)
				}
			}
			if !slices.Equal(res.Replaced, tt.replaced) {
				t.Errorf("replaced %q, want %q", res.Replaced, tt.replaced)
			}

			got := tree(t, dir)
			want := len(tt.wantFiles) + len(tt.wantOld)
			if len(got) != want {
				t.Errorf("folder holds %d files, want %d: %v", len(got), want, slices.Sorted(maps.Keys(got)))
			}
			for name, content := range tt.wantOld {
				if got[name] != content {
					t.Errorf("%s = %q, want it left as it was, %q", name, got[name], content)
				}
			}
			for name := range tt.wantFiles {
				if _, ok := got[name]; !ok {
					t.Errorf("no %s in the folder", name)
				}
			}
			// Nothing is left beside the folder: no staging, no partition moved aside.
			if entries, _ := os.ReadDir(parent); len(entries) > 1 || (len(entries) == 1 && entries[0].Name() != "lake") {
				t.Errorf("beside the folder: %v, want nothing", entries)
			}
			if tt.wantRows == 0 && len(tt.old) == 0 {
				if _, err := os.Stat(dir); !os.IsNotExist(err) {
					t.Errorf("an export of nothing made %s (%v)", dir, err)
				}
			}
		})
	}
}

// TestRunFailsCleanly: an export that cannot write leaves the folder as it
// was and nothing beside it.
func TestRunFailsCleanly(t *testing.T) {
	st := database(t)
	parent := t.TempDir()
	file := filepath.Join(parent, "a-file")
	if err := os.WriteFile(file, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := export.Run(t.Context(), st.DB, export.Options{Dir: filepath.Join(file, "lake")}); err == nil {
		t.Fatal("export under a file: no error")
	}
	if got := tree(t, parent); len(got) != 1 || got["a-file"] != "not a folder" {
		t.Errorf("after a failed export the folder holds %v, want a-file alone", got)
	}
}
