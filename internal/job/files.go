package job

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/reconcile/reconcile/internal/ingest"
	"github.com/reconcile/reconcile/queries"
)

// ErrChangedFile reports an input file whose content changed since a run
// read it under the same name.
var ErrChangedFile = errors.New("changed since it was read")

// Skipped is an input file a run did not read, because a run had read it
// (or the same content under another name) before.
type Skipped struct {
	Path  string
	RunID string // the run that read it
	As    string // the name it was read under, when another
}

// newFiles keeps the files that no run has read: a file read before with
// the same content is skipped, and one whose content changed under the
// same name is an error, unless reingest. It returns the files to read,
// their fingerprints, and the skipped ones. read hears the size of each
// file it has read.
func newFiles(ctx context.Context, db *sql.DB, input string, files []ingest.File, reingest bool, read func(bytes int64)) ([]ingest.File, []ingest.Print, []Skipped, error) {
	type seen struct{ path, hash, runID string }
	byPath := map[string]seen{}
	byHash := map[string]seen{}
	rows, err := db.QueryContext(ctx, queries.InputFilesRead.Text, input)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("read input_files: %w", err)
	}
	for rows.Next() {
		var s seen
		if err := rows.Scan(&s.path, &s.hash, &s.runID); err != nil {
			rows.Close()
			return nil, nil, nil, err
		}
		byPath[s.path] = s // the latest reading of a path wins
		if _, ok := byHash[s.hash]; !ok {
			byHash[s.hash] = s
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, nil, err
	}

	var keep []ingest.File
	var prints []ingest.Print
	var skipped []Skipped
	for _, f := range files {
		fp, err := ingest.Fingerprint(f)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("ingest %s: %w", f.Path, err)
		}
		read(fp.Size)
		prev, read := byPath[f.Path]
		switch {
		case read && prev.hash == fp.SHA256:
			skipped = append(skipped, Skipped{Path: f.Path, RunID: prev.runID})
			continue
		case read && !reingest:
			return nil, nil, nil, fmt.Errorf("ingest %s: %w: run %s read it with sha256 %.12s…, it now has %.12s…",
				f.Path, ErrChangedFile, prev.runID, prev.hash, fp.SHA256)
		}
		if same, ok := byHash[fp.SHA256]; ok && !read {
			skipped = append(skipped, Skipped{Path: f.Path, RunID: same.runID, As: same.path})
			continue
		}
		f.Print = &fp
		keep = append(keep, f)
		prints = append(prints, fp)
	}
	return keep, prints, skipped, nil
}
