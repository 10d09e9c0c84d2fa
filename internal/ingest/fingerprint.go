package ingest

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrBadGzip reports a .csv.gz file that is not whole gzip: cut short, or
// not gzip at all.
var ErrBadGzip = errors.New("not a complete gzip file")

// Print is what one read of an input file found: its size and content
// hash and, for CSV, its Shape.
type Print struct {
	Size   int64
	SHA256 string // hex
	Shape  *Shape // nil for Parquet
}

// Fingerprint reads a file once: it hashes its bytes and, for CSV, counts
// its records on the same pass (Shape), decompressing a .csv.gz to its
// end, because DuckDB's reader takes a truncated one as the rows it could
// read: a file cut short in transit fails here, naming it. A CSV file
// Shape.check refuses fails here too.
func Fingerprint(f File) (Print, error) {
	fh, err := os.Open(f.Path)
	if err != nil {
		return Print{}, err
	}
	defer fh.Close()
	h := sha256.New()
	if f.Format == Parquet {
		n, err := io.Copy(h, fh)
		if err != nil {
			return Print{}, fmt.Errorf("read: %w", err)
		}
		return Print{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
	}
	// The records are counted beside the hash, on the other core.
	pr, pw := io.Pipe()
	type result struct {
		shape *Shape
		err   error
	}
	done := make(chan result, 1)
	go func() {
		var r io.Reader = pr
		if f.Format == CSVGzip {
			zr, err := gzip.NewReader(pr)
			if err != nil {
				err = fmt.Errorf("%w: %v", ErrBadGzip, err)
				pr.CloseWithError(err)
				done <- result{err: err}
				return
			}
			r = zr
		}
		var sc recordScanner
		_, err := io.Copy(&sc, r)
		if err != nil && f.Format == CSVGzip {
			err = fmt.Errorf("%w: %v", ErrBadGzip, err)
		}
		pr.CloseWithError(err)
		if err != nil {
			done <- result{err: err}
			return
		}
		shape, err := sc.finish()
		done <- result{shape, err}
	}()
	n, err := io.Copy(io.MultiWriter(h, pw), fh)
	pw.CloseWithError(err)
	res := <-done
	if res.err != nil { // the reader's error, also when it made the copy fail
		return Print{}, res.err
	}
	if err != nil {
		return Print{}, fmt.Errorf("read: %w", err)
	}
	return Print{Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), Shape: res.shape}, nil
}
