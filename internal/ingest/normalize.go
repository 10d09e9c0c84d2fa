package ingest

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrChangedWhileRead reports an input file whose content changed between
// two reads of one run.
var ErrChangedWhileRead = errors.New("changed while it was read")

// normalizedCopy writes the CSV a file holds, decompressed, to a temporary
// file in which DuckDB numbers the rows as Go does: blank lines dropped,
// lines ending in LF, and each record longer than MaxRowBytes replaced by
// longMarker. It returns the copy's path and the first bytes of each long
// record, in row order. The caller removes the copy.
func normalizedCopy(f File, shape *Shape) (string, []string, error) {
	in, err := os.Open(f.Path)
	if err != nil {
		return "", nil, err
	}
	defer in.Close()
	var r io.Reader = in
	if f.Format == CSVGzip {
		zr, err := gzip.NewReader(in)
		if err != nil {
			return "", nil, fmt.Errorf("%w: %v", ErrBadGzip, err)
		}
		r = zr
	}
	out, err := os.CreateTemp("", "reconcile-*.csv")
	if err != nil {
		return "", nil, fmt.Errorf("normalized copy: %w", err)
	}
	fail := func(err error) (string, []string, error) {
		out.Close()
		os.Remove(out.Name())
		return "", nil, err
	}
	w := bufio.NewWriterSize(out, 1<<20)
	sc := recordScanner{out: w, long: shape.Long}
	if _, err := io.Copy(&sc, r); err != nil {
		return fail(fmt.Errorf("read: %w", err))
	}
	again, err := sc.finish()
	if err != nil {
		return fail(err)
	}
	if again.Records != shape.Records || len(again.Long) != len(shape.Long) {
		return fail(fmt.Errorf("%w: %d rows, then %d", ErrChangedWhileRead, shape.Records, again.Records))
	}
	if err := w.Flush(); err != nil {
		return fail(fmt.Errorf("normalized copy: %w", err))
	}
	if err := out.Close(); err != nil {
		os.Remove(out.Name())
		return "", nil, fmt.Errorf("normalized copy: %w", err)
	}
	return out.Name(), sc.prefixes, nil
}
