package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrNoHeader reports a CSV file with no header row (an empty file).
var ErrNoHeader = errors.New("no header row")

// csvHeader reads the header row of a CSV file: the first record, after an
// optional UTF-8 byte-order mark. Only the header is read in Go; DuckDB reads
// the rest.
func csvHeader(f File) ([]string, error) {
	fh, err := os.Open(f.Path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var r io.Reader = fh
	if f.Format == CSVGzip {
		gz, err := gzip.NewReader(fh)
		if err != nil {
			return nil, fmt.Errorf("not a gzip file: %w", err)
		}
		defer gz.Close()
		r = gz
	}
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, ErrNoHeader
	}
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	return rec, nil
}
