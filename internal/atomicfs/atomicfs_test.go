package atomicfs

import (
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"testing"
)

var errBroken = errors.New("broken on purpose")

// files reads every file under dir, by its path relative to dir; none when
// there is no dir.
func files(t *testing.T, dir string) map[string]string {
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

// put writes each file of fs under dir, making folders as needed.
func put(t *testing.T, dir string, fs map[string]string) {
	t.Helper()
	for name, content := range fs {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWriteFile(t *testing.T) {
	// Each writer is tried through WriteFile (an io.Writer) and WriteFileAt
	// (a file name), which must behave alike.
	type writer struct {
		content string
		fail    bool // after writing content
	}
	byWriter := func(w writer) func(io.Writer) error {
		return func(out io.Writer) error {
			if _, err := io.WriteString(out, w.content); err != nil {
				return err
			}
			if w.fail {
				return errBroken
			}
			return nil
		}
	}
	byName := func(w writer) func(string) error {
		return func(tmp string) error {
			if err := os.WriteFile(tmp, []byte(w.content), 0o600); err != nil {
				return err
			}
			if w.fail {
				return errBroken
			}
			return nil
		}
	}
	tests := []struct {
		name    string
		old     map[string]string
		write   writer
		wantErr error
		want    map[string]string // the folder after
	}{
		{name: "a new file", write: writer{content: "new"},
			want: map[string]string{"f.csv": "new"}},
		{name: "over an old file", old: map[string]string{"f.csv": "old", "other": "left alone"}, write: writer{content: "new"},
			want: map[string]string{"f.csv": "new", "other": "left alone"}},
		{name: "an empty file", old: map[string]string{"f.csv": "old"}, write: writer{},
			want: map[string]string{"f.csv": ""}},
		{name: "a failed write leaves the old file", old: map[string]string{"f.csv": "old"}, write: writer{content: "half", fail: true},
			wantErr: errBroken, want: map[string]string{"f.csv": "old"}},
		{name: "a failed write leaves no file", write: writer{content: "half", fail: true},
			wantErr: errBroken, want: map[string]string{}},
	}
	for _, tt := range tests {
		for _, how := range []string{"WriteFile", "WriteFileAt"} {
			t.Run(how+"/"+tt.name, func(t *testing.T) {
				dir := t.TempDir()
				put(t, dir, tt.old)
				path := filepath.Join(dir, "f.csv")
				var err error
				if how == "WriteFile" {
					err = WriteFile(path, byWriter(tt.write))
				} else {
					err = WriteFileAt(path, byName(tt.write))
				}
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
				if got := files(t, dir); !maps.Equal(got, tt.want) {
					t.Errorf("folder holds %q, want %q (no temporary file)", got, tt.want)
				}
				if tt.wantErr != nil {
					return
				}
				info, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if got := info.Mode().Perm(); got != FileMode() {
					t.Errorf("mode %#o, want %#o", got, FileMode())
				}
			})
		}
	}
}

func TestWriteFileMissingFolder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "missing", "f.csv")
	if err := WriteFile(path, func(io.Writer) error { return nil }); err == nil {
		t.Error("WriteFile into a missing folder: no error")
	}
	if err := WriteFileAt(path, func(string) error { return nil }); err == nil {
		t.Error("WriteFileAt into a missing folder: no error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %v; want nothing", entries)
	}
}

func TestFiles(t *testing.T) {
	old := map[string]string{"a.csv": "old a", "b.xlsx": "old b", "notes.txt": "left alone"}
	tests := []struct {
		name   string
		commit bool
		want   map[string]string
	}{
		{"commit replaces every file", true, map[string]string{"a.csv": "new a", "b.xlsx": "new b", "notes.txt": "left alone"}},
		{"abort leaves the folder as it was", false, old},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			put(t, dir, old)
			s := InDir(dir)
			for _, name := range []string{"a.csv", "b.xlsx"} {
				f, err := s.Create(name)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := io.WriteString(f, "new "+name[:1]); err != nil {
					t.Fatal(err)
				}
				if err := f.Finish(); err != nil {
					t.Fatal(err)
				}
				// Nothing changes under a final name before the commit.
				if got := files(t, dir)[name]; got != old[name] {
					t.Errorf("%s = %q before the commit, want %q", name, got, old[name])
				}
			}
			if tt.commit {
				if err := s.Commit(); err != nil {
					t.Fatal(err)
				}
			} else {
				s.Abort()
			}
			if got := files(t, dir); !maps.Equal(got, tt.want) {
				t.Errorf("folder holds %q, want %q", got, tt.want)
			}
		})
	}
}
