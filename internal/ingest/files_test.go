package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.csv", "a.parquet", "sub/c.CSV.GZ", "sub/notes.txt", ".hidden/d.csv", ".e.csv"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rel := func(files []File) []string {
		var out []string
		for _, f := range files {
			r, _ := filepath.Rel(dir, f.Path)
			out = append(out, r+":"+f.Format.String())
		}
		return out
	}
	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"folder", []string{dir}, []string{"a.parquet:parquet", "b.csv:csv", "sub/c.CSV.GZ:csv.gz"}},
		{"glob", []string{filepath.Join(dir, "*.csv")}, []string{"b.csv:csv"}},
		{"file twice", []string{filepath.Join(dir, "b.csv"), dir}, []string{"b.csv:csv", "a.parquet:parquet", "sub/c.CSV.GZ:csv.gz"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Resolve(tc.paths)
			if err != nil {
				t.Fatal(err)
			}
			if g := rel(got); len(g) != len(tc.want) || !equal(g, tc.want) {
				t.Errorf("Resolve = %v, want %v", g, tc.want)
			}
		})
	}
	for _, bad := range [][]string{
		{filepath.Join(dir, "none.csv")},
		{filepath.Join(dir, "sub/notes.txt")},
		{filepath.Join(dir, "*.json")},
		{filepath.Join(dir, ".hidden", "nothing-here")},
	} {
		if _, err := Resolve(bad); err == nil {
			t.Errorf("Resolve(%v) succeeded", bad)
		}
	}
	empty := t.TempDir()
	if got, err := Resolve([]string{empty}); err != nil || len(got) != 0 {
		t.Errorf("Resolve(empty folder) = %v, %v; want no files and no error", got, err)
	}
	if _, err := Resolve([]string{filepath.Join(empty, "*.csv")}); !errors.Is(err, ErrNoInput) {
		t.Errorf("Resolve(glob matching nothing) err = %v, want ErrNoInput", err)
	}
}

func equal(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
