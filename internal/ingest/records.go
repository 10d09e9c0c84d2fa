package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
)

// MaxRowBytes is the longest CSV record a run reads: its bytes, quotes
// included, its line end not. A longer record is a row_too_long reject.
// DuckDB is told to take lines of twice this, so a record Go measured as
// short enough is never one DuckDB drops.
const MaxRowBytes = 2 << 20

// Shape is what Go's own pass over a CSV file found, independently of
// DuckDB: the count every run checks DuckDB's rows against, and what
// DuckDB would number differently from it.
type Shape struct {
	// Records counts the data records: every record after the header,
	// blank lines not counted, a quoted line end not starting one.
	Records int64
	// Header is the first record's fields, unquoted.
	Header []string
	// Long lists the data records longer than MaxRowBytes, by row number.
	Long []LongRow
	// Blank counts the blank lines before the last record (leading ones
	// included); trailing blank lines are not counted.
	Blank int64
	// LF, CRLF and CR count the line ends outside quotes by kind.
	LF, CRLF, CR int64
	// Unterminated is set when the file ends inside a quoted field.
	Unterminated bool
}

// LongRow is a data record longer than MaxRowBytes.
type LongRow struct {
	Row   int64 // row number, as Shape.Records counts
	Bytes int64
}

// ErrMixedLineEnds reports a CSV file whose lines end in more than one way.
var ErrMixedLineEnds = errors.New("mixes line ends")

// ErrLongHeader reports a CSV header longer than MaxRowBytes.
var ErrLongHeader = errors.New("header row too long")

// check returns the error a file of this shape fails with, if any.
func (s *Shape) check() error {
	kinds := 0
	for _, n := range []int64{s.LF, s.CRLF, s.CR} {
		if n > 0 {
			kinds++
		}
	}
	if kinds > 1 {
		return fmt.Errorf("%w: %w (%d LF, %d CRLF, %d CR-only line ends outside quotes)", ErrNotCSV, ErrMixedLineEnds, s.LF, s.CRLF, s.CR)
	}
	return nil
}

// needsCopy says whether DuckDB must read a normalized copy of the file
// for its rows to be numbered as Go numbers them: DuckDB counts blank
// lines in the line numbers of its rejects, and drops over-long lines
// without a trace when they pass its buffer.
func (s *Shape) needsCopy() bool { return s.Blank > 0 || len(s.Long) > 0 }

// The states of the record scanner, after the bytes it has seen.
const (
	fieldStart    = iota // at the start of a field (and maybe of a line)
	unquoted             // inside a field that did not start with a quote
	quoted               // inside a quoted field
	quoteInQuoted        // a quote inside a quoted field: an escape, or its end
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// recordScanner counts RFC 4180 records as they are written to it, with
// the dialect of SPEC §2: ',' between fields, '"' quoting, a quote doubled
// inside quotes, lines ending in LF, CRLF or CR alike, a UTF-8 BOM
// skipped. A quote inside an unquoted field, or after a closing quote, is
// taken as text: such a row is DuckDB's to reject, and it ends where the
// line ends.
type recordScanner struct {
	shape       Shape
	head        []byte // the first bytes, until a BOM is ruled out
	started     bool   // past the BOM check
	state       int
	pendingCR   bool  // the last byte was a CR outside quotes
	lineBytes   int64 // bytes of the current record so far
	inRecord    bool  // the current line has started a record
	blanks      int64 // blank lines since the last record
	records     int64 // records, the header included
	field       []byte
	headerBytes int64

	// A normalizing copy (see copyCSV): every record on its own line
	// ending in LF, blank lines dropped, each record of long replaced by
	// longMarker.
	out      *bufio.Writer
	long     []LongRow // still to come
	suppress bool      // the current record is long: not copied
	prefix   []byte    // of the current long record
	prefixes []string  // of the long records copied so far
	seg      int       // start in the current chunk of bytes not yet copied
}

// Write scans p; it never fails.
func (s *recordScanner) Write(p []byte) (int, error) {
	n := len(p)
	if !s.started {
		need := len(bom) - len(s.head)
		if len(p) < need {
			s.head = append(s.head, p...)
			return n, nil
		}
		s.head = append(s.head, p[:need]...)
		p = p[need:]
		s.started = true
		if !bytes.Equal(s.head, bom) {
			s.scan(s.head)
		}
		s.head = nil
	}
	s.scan(p)
	return n, nil
}

// scan moves the state machine over p.
func (s *recordScanner) scan(p []byte) {
	collect := s.records == 0 // the header's fields are kept
	s.seg = 0
	for i := 0; i < len(p); i++ {
		b := p[i]
		if s.pendingCR {
			s.pendingCR = false
			if b == '\n' {
				s.shape.CRLF++
				s.seg = i + 1
				continue
			}
			s.shape.CR++
		}
		switch s.state {
		case quoted:
			// The common case inside quotes: skip to the next quote.
			j := bytes.IndexByte(p[i:], '"')
			if j < 0 {
				j = len(p) - i
			}
			if collect {
				s.field = append(s.field, p[i:i+j]...)
			}
			s.lineBytes += int64(j)
			i += j - 1
			if i+1 < len(p) && p[i+1] == '"' {
				i++
				s.lineBytes++
				s.state = quoteInQuoted
			}
			continue
		case quoteInQuoted:
			if b == '"' {
				s.lineBytes++
				if collect {
					s.field = append(s.field, '"')
				}
				s.state = quoted
				continue
			}
			s.state = unquoted // a closing quote; what follows it is text
		default:
			// The common case outside quotes: text up to the next quote,
			// CR or LF, found with vectorized scans, each stopping where
			// the one before found something.
			if !collect && b != '"' && b != '\r' && b != '\n' {
				w := p[i:]
				for _, c := range []byte{'\n', '\r', '"'} {
					if k := bytes.IndexByte(w, c); k >= 0 {
						w = w[:k]
					}
				}
				if k := len(w); k > 1 {
					s.inRecord = true
					s.lineBytes += int64(k)
					s.state = unquoted
					if w[k-1] == ',' {
						s.state = fieldStart
					}
					i += k - 1
					continue
				}
			}
		}
		switch b {
		case '\n', '\r':
			if b == '\r' {
				s.pendingCR = true
			} else {
				s.shape.LF++
			}
			if s.out != nil {
				s.copyOut(p[s.seg:i])
				s.seg = i + 1
			}
			s.endLine()
			collect = s.records == 0
			continue
		case ',':
			if collect {
				s.shape.Header = append(s.shape.Header, string(s.field))
				s.field = s.field[:0]
			}
			s.state = fieldStart
		case '"':
			if s.state == fieldStart {
				s.state = quoted
			} else if collect {
				s.field = append(s.field, b)
			}
		default:
			if s.state == fieldStart {
				s.state = unquoted
			}
			if collect {
				s.field = append(s.field, b)
			}
		}
		s.inRecord = true
		s.lineBytes++
	}
	if s.out != nil {
		s.copyOut(p[s.seg:])
	}
}

// longMarker stands in the normalizing copy for a record longer than
// MaxRowBytes: one field, so DuckDB rejects it with its row number.
const longMarker = "rc_row_too_long"

// prefixBytes is how much of a long record its reject keeps.
const prefixBytes = 256

// copyOut copies bytes of the current record to the normalizing copy.
func (s *recordScanner) copyOut(b []byte) {
	if !s.suppress {
		s.out.Write(b)
		return
	}
	if n := prefixBytes - len(s.prefix); n > 0 {
		s.prefix = append(s.prefix, b[:min(n, len(b))]...)
	}
}

// endLine ends the current line outside quotes: a record, or a blank line.
func (s *recordScanner) endLine() {
	if !s.inRecord {
		s.blanks++
		return
	}
	s.records++
	switch {
	case s.records == 1:
		s.shape.Header = append(s.shape.Header, string(s.field))
		s.field = nil
		s.headerBytes = s.lineBytes
	case s.lineBytes > MaxRowBytes:
		s.shape.Long = append(s.shape.Long, LongRow{Row: s.records - 1, Bytes: s.lineBytes})
	}
	s.shape.Blank += s.blanks
	s.blanks = 0
	if s.out != nil {
		if s.suppress {
			s.out.WriteString(longMarker)
			s.prefixes = append(s.prefixes, string(s.prefix))
			s.prefix = s.prefix[:0]
		}
		s.out.WriteByte('\n')
		s.suppress = len(s.long) > 0 && s.long[0].Row == s.records
		if s.suppress {
			s.long = s.long[1:]
		}
	}
	s.inRecord, s.lineBytes, s.state = false, 0, fieldStart
}

// finish ends the scan at the end of the file and returns the shape.
func (s *recordScanner) finish() (*Shape, error) {
	if !s.started && !bytes.Equal(s.head, bom) {
		s.scan(s.head)
	}
	if s.pendingCR {
		s.shape.CR++
		s.pendingCR = false
	}
	if s.state == quoted {
		s.shape.Unterminated = true
		s.inRecord = true
	}
	if s.inRecord {
		s.endLine()
	}
	if s.records == 0 {
		return &s.shape, ErrNoHeader
	}
	s.shape.Records = s.records - 1
	if s.headerBytes > MaxRowBytes {
		return &s.shape, fmt.Errorf("%w: %d bytes, the limit is %d", ErrLongHeader, s.headerBytes, MaxRowBytes)
	}
	return &s.shape, s.shape.check()
}

// ErrNoHeader reports a CSV file with no header row (an empty file).
var ErrNoHeader = errors.New("no header row")
