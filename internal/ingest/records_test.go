package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// shapeOf scans b written in chunks of n bytes (all at once for n ≤ 0).
func shapeOf(b []byte, n int) (*Shape, error) {
	var sc recordScanner
	if n <= 0 {
		n = len(b) + 1
	}
	for len(b) > 0 {
		k := min(n, len(b))
		sc.Write(b[:k])
		b = b[k:]
	}
	return sc.finish()
}

func TestRecordScanner(t *testing.T) {
	long := strings.Repeat("x", MaxRowBytes)
	for _, tc := range []struct {
		name    string
		in      string
		records int64
		header  []string
		blank   int64
		long    []LongRow
		err     error
	}{
		{name: "empty", in: "", err: ErrNoHeader},
		{name: "blank lines only", in: "\n\r\n\n", err: ErrNoHeader},
		{name: "header only", in: "a,b", header: []string{"a", "b"}},
		{name: "LF", in: "a,b\n1,2\n3,4\n", records: 2, header: []string{"a", "b"}},
		{name: "no final line end", in: "a,b\n1,2\n3,4", records: 2, header: []string{"a", "b"}},
		{name: "CRLF", in: "a,b\r\n1,2\r\n", records: 1, header: []string{"a", "b"}},
		{name: "CR only", in: "a,b\r1,2\r3,4", records: 2, header: []string{"a", "b"}},
		{name: "BOM", in: "\xEF\xBB\xBFa,b\n1,2\n", records: 1, header: []string{"a", "b"}},
		{name: "BOM only", in: "\xEF\xBB\xBF", err: ErrNoHeader},
		{name: "a BOM-like start is text", in: "\xEF\xBBa\n1\n", records: 1, header: []string{"\xEF\xBBa"}},
		{name: "quoted header", in: "\"a,\"\"x\"\"\",b\n1,2\n", records: 1, header: []string{"a,\"x\"", "b"}},
		{name: "quoted newlines", in: "a,b\n\"1\n\n2\",\"3\r\n\"\n5,6\n", records: 2, header: []string{"a", "b"}},
		{name: "leading blank lines", in: "\n\na,b\n1,2\n", records: 1, header: []string{"a", "b"}, blank: 2},
		{name: "blank lines between rows", in: "a,b\n1,2\n\n\n3,4\n", records: 2, header: []string{"a", "b"}, blank: 2},
		{name: "trailing blank lines", in: "a,b\n1,2\n\n\n", records: 1, header: []string{"a", "b"}},
		{name: "a line of spaces is a row", in: "a,b\n  \n", records: 1, header: []string{"a", "b"}},
		{name: "an empty quoted field is a row", in: "a,b\n\"\"\n", records: 1, header: []string{"a", "b"}},
		{name: "a quote inside a field is text", in: "a,b\n1\"2,3\n4,5\n", records: 2, header: []string{"a", "b"}},
		{name: "text after a closing quote", in: "a,b\n\"1\"x,3\n4,5\n", records: 2, header: []string{"a", "b"}},
		{name: "unterminated quote", in: "a,b\n1,\"2\n3,4\n", records: 1, header: []string{"a", "b"}},
		{name: "mixed LF and CRLF", in: "a,b\n1,2\r\n", err: ErrMixedLineEnds},
		{name: "a lone CR in an LF file", in: "a,b\n1\r,2\n", err: ErrMixedLineEnds},
		{name: "CRLF inside quotes is not a line end", in: "a,b\n\"1\r\n\",2\n", records: 1, header: []string{"a", "b"}},
		{name: "a row of the limit", in: "a\n" + long + "\n1\n", records: 2, header: []string{"a"}},
		{name: "a row past the limit", in: "a\n1\n" + long + "x\n2\n", records: 3, header: []string{"a"},
			long: []LongRow{{Row: 2, Bytes: MaxRowBytes + 1}}},
		{name: "a long row in quotes", in: "a\n\"" + long + "\"\n", records: 1, header: []string{"a"},
			long: []LongRow{{Row: 1, Bytes: MaxRowBytes + 2}}},
		{name: "a header past the limit", in: long + "x\n1\n", err: ErrLongHeader},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, chunk := range []int{0, 1, 2, 3, 7} {
				if chunk > 0 && len(tc.in) > 1<<16 {
					continue
				}
				s, err := shapeOf([]byte(tc.in), chunk)
				if tc.err != nil {
					if !errors.Is(err, tc.err) {
						t.Fatalf("chunks of %d: err %v, want %v", chunk, err, tc.err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("chunks of %d: %v", chunk, err)
				}
				if s.Records != tc.records || !reflect.DeepEqual(s.Header, tc.header) || s.Blank != tc.blank || !reflect.DeepEqual(s.Long, tc.long) {
					t.Errorf("chunks of %d: records %d header %q blank %d long %v; want %d %q %d %v",
						chunk, s.Records, s.Header, s.Blank, s.Long, tc.records, tc.header, tc.blank, tc.long)
				}
			}
		})
	}
}

// TestNormalizedCopy checks the copy DuckDB reads instead of a file with
// blank lines or long rows: the same records, one per line.
func TestNormalizedCopy(t *testing.T) {
	long := strings.Repeat("y", MaxRowBytes+10)
	in := "\r\n\r\na,b\r\n1,2\r\n\r\n\"3\r\n\",4\r\n" + long + "\r\n5,6"
	p := writeFile(t, "c.csv", in)
	f := File{Path: p, Format: CSV}
	pr, err := Fingerprint(f)
	if err != nil {
		t.Fatal(err)
	}
	copyPath, prefixes, err := normalizedCopy(f, pr.Shape)
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(copyPath)
	b, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	want := "a,b\n1,2\n\"3\r\n\",4\n" + longMarker + "\n5,6\n"
	if got != want {
		t.Errorf("copy %q, want %q", got, want)
	}
	if len(prefixes) != 1 || prefixes[0] != long[:prefixBytes] {
		t.Errorf("prefixes %d, want the first %d bytes of the long row", len(prefixes), prefixBytes)
	}
}

// FuzzRecords holds the record count to encoding/csv's on the input both
// read alike (no CR, well-formed quoting), and to itself in any chunking.
func FuzzRecords(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a\n\"x\ny\"\n\n2\n", "a,b\n\"1\"\"\",2\n", "a\n1\"\n", "\xEF\xBB\xBFa\n1"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		whole, err := shapeOf(b, 0)
		for _, n := range []int{1, 5} {
			part, perr := shapeOf(b, n)
			if (err == nil) != (perr == nil) || (err == nil && !reflect.DeepEqual(whole, part)) {
				t.Fatalf("chunks of %d: %+v %v; whole: %+v %v", n, part, perr, whole, err)
			}
		}
		if bytes.ContainsRune(b, '\r') || bytes.HasPrefix(b, bom) {
			return
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		var n int64
		for {
			_, rerr := r.Read()
			if rerr == io.EOF {
				break
			}
			if rerr != nil {
				return // not well-formed: DuckDB's to reject
			}
			n++
		}
		if n == 0 {
			if !errors.Is(err, ErrNoHeader) {
				t.Fatalf("encoding/csv found no record; scanner: %+v %v", whole, err)
			}
			return
		}
		if err != nil || whole.Records != n-1 {
			t.Fatalf("encoding/csv: %d records; scanner: %+v %v", n, whole, err)
		}
	})
}

// BenchmarkFingerprint hashes and counts a render log of 200k rows, with
// a quoted field in every row and with none (go test -bench Fingerprint
// ./internal/ingest). Without quotes the scanner once looked for the next
// quote from every row to the end of its buffer: 12× slower on 2M rows.
func BenchmarkFingerprint(b *testing.B) {
	for _, actor := range []string{`"human"`, "human"} {
		b.Run("actor="+actor, func(b *testing.B) {
			var sb strings.Builder
			sb.WriteString(header)
			for i := range 200_000 {
				fmt.Fprintf(&sb, "evt-%08d,vid-%06d,acct-%04d,2026-10-%02dT10:00:00Z,render,generative,pro,%s,false,%d,,25.00,1\n", i, i/3, i%500, i%28+1, actor, 1000+i)
			}
			p := filepath.Join(b.TempDir(), "bench.csv")
			if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(sb.Len()))
			for b.Loop() {
				if _, err := Fingerprint(File{Path: p, Format: CSV}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
