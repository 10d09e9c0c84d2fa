package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Format is the encoding of an input file, known from its name.
type Format int

// The input formats (SPEC §2).
const (
	CSV Format = iota + 1
	CSVGzip
	Parquet
)

func (f Format) String() string {
	switch f {
	case CSV:
		return "csv"
	case CSVGzip:
		return "csv.gz"
	case Parquet:
		return "parquet"
	}
	return "unknown"
}

// File is one input file.
type File struct {
	Path   string
	Format Format
	// Print is what Fingerprint found, to check DuckDB's reading
	// against; Load fingerprints the file itself when it is nil.
	Print *Print
}

// formatOf returns the format a file name says, if any.
func formatOf(name string) (Format, bool) {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".csv.gz"):
		return CSVGzip, true
	case strings.HasSuffix(n, ".csv"):
		return CSV, true
	case strings.HasSuffix(n, ".parquet"):
		return Parquet, true
	}
	return 0, false
}

// ErrNoInput reports a path that names no input file.
var ErrNoInput = errors.New("no input files")

// ErrNotRegular reports an input that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// fileKind names the type of a file that is not regular.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	default:
		return "special file"
	}
}

// Resolve expands input paths into files: a file is taken as it is, a
// directory gives every .csv, .csv.gz and .parquet file under it, and a
// pattern with *, ? or [ is a glob. Within a directory or glob, files are in
// lexical order; hidden files (a name starting with ".") are skipped; a file
// named twice is read once, at its first place. A folder that holds no
// input file gives none, without error: the incoming folder of a quiet
// night. A path that does not exist, and a glob that matches nothing, are
// errors.
func Resolve(paths []string) ([]File, error) {
	var out []File
	seen := make(map[string]bool)
	add := func(p string) error {
		f, ok := formatOf(p)
		if !ok {
			return fmt.Errorf("input %s: not a .csv, .csv.gz or .parquet file", p)
		}
		// Only regular files (after links): a FIFO would block the run in
		// open, and a device such as /dev/zero would be read forever, both
		// while the run holds the database's lock.
		info, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("input %s: %w", p, err)
		}
		if !info.Mode().IsRegular() {
			return fmt.Errorf("input %s: %w: it is a %s", p, ErrNotRegular, fileKind(info.Mode()))
		}
		clean := filepath.Clean(p)
		if !seen[clean] {
			seen[clean] = true
			out = append(out, File{Path: clean, Format: f})
		}
		return nil
	}
	for _, p := range paths {
		matches, err := expand(p)
		if err != nil {
			return nil, err
		}
		for _, m := range matches {
			if err := add(m); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// expand returns the files one input path stands for.
func expand(p string) ([]string, error) {
	if strings.ContainsAny(p, "*?[") {
		if _, err := os.Stat(p); err != nil { // a literal name with glob characters is taken as it is
			m, err := filepath.Glob(p)
			if err != nil {
				return nil, fmt.Errorf("input %s: %w", p, err)
			}
			if len(m) == 0 {
				return nil, fmt.Errorf("input %s: %w match the pattern", p, ErrNoInput)
			}
			var files []string
			for _, f := range m {
				if strings.HasPrefix(filepath.Base(f), ".") {
					continue // as a shell glob does
				}
				sub, err := expand(f)
				if err != nil {
					return nil, err
				}
				files = append(files, sub...)
			}
			if len(files) == 0 {
				return nil, fmt.Errorf("input %s: %w match the pattern", p, ErrNoInput)
			}
			return files, nil
		}
	}
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("input %s: %w", p, err)
	}
	if !info.IsDir() {
		return []string{p}, nil
	}
	var files []string
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir // hidden folders: partial uploads, tool state
			}
			return nil
		}
		if _, ok := formatOf(d.Name()); ok && !strings.HasPrefix(d.Name(), ".") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("input %s: %w", p, err)
	}
	slices.Sort(files)
	return files, nil
}
