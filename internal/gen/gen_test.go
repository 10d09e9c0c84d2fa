package gen

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// generate returns the CSV of c and its stats, failing the test on error.
func generate(t *testing.T, c Config) ([]byte, Stats) {
	t.Helper()
	var buf bytes.Buffer
	s, err := WriteCSV(&buf, c)
	if err != nil {
		t.Fatalf("WriteCSV: %v", err)
	}
	return buf.Bytes(), s
}

// readRows parses a generated log into its header and rows, each row a map
// from column name to cell.
func readRows(t *testing.T, data []byte) ([]string, []map[string]string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("generated CSV does not parse: %v", err)
	}
	if len(recs) == 0 {
		t.Fatal("generated CSV is empty; want at least a header")
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := make(map[string]string, len(rec))
		for i, name := range recs[0] {
			m[name] = rec[i]
		}
		rows = append(rows, m)
	}
	return recs[0], rows
}

func TestWriteCSVIsDeterministic(t *testing.T) {
	a, sa := generate(t, october(3000, 7))
	b, sb := generate(t, october(3000, 7))
	if !bytes.Equal(a, b) {
		t.Error("two runs with seed 7 wrote different bytes")
	}
	if !reflect.DeepEqual(sa, sb) {
		t.Errorf("two runs with seed 7 gave stats %+v and %+v", sa, sb)
	}
	c, _ := generate(t, october(3000, 8))
	if bytes.Equal(a, c) {
		t.Error("seeds 7 and 8 wrote the same bytes")
	}
}

func TestWriteCSVHeader(t *testing.T) {
	data, _ := generate(t, october(10, 1))
	first, _, _ := strings.Cut(string(data), "\n")
	want := "event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes"
	if first != want {
		t.Errorf("header = %q, want %q", first, want)
	}
	if got := strings.Join(Columns(), ","); got != want {
		t.Errorf("Columns() = %q, want %q", got, want)
	}
}

func TestWriteCSVRowCounts(t *testing.T) {
	for _, n := range []int{0, 1, 2, 57, 2000} {
		data, s := generate(t, october(n, 3))
		_, rows := readRows(t, data)
		if s.Events != int64(n) {
			t.Errorf("Events=%d: Stats.Events = %d, want %d", n, s.Events, n)
		}
		if int64(len(rows)) != s.Rows {
			t.Errorf("Events=%d: %d rows written, Stats.Rows = %d", n, len(rows), s.Rows)
		}
		if dups := s.Rows - s.Events; dups != s.Injected[DuplicateEvent] {
			t.Errorf("Events=%d: %d duplicate rows, want Injected[duplicate_event] = %d", n, dups, s.Injected[DuplicateEvent])
		}
		ids := map[string]bool{}
		for _, r := range rows {
			ids[r["event_id"]] = true
		}
		if len(ids) != n {
			t.Errorf("Events=%d: %d distinct event_ids, want %d", n, len(ids), n)
		}
	}
}

// TestWriteCSVCoversEveryValue checks that 2,000 events hold every kind,
// media, model and actor, and every created_at layout.
func TestWriteCSVCoversEveryValue(t *testing.T) {
	data, _ := generate(t, october(2000, 11))
	_, rows := readRows(t, data)
	want := map[string][]string{
		"kind":  {"render", "edit_image", "edit_clip"},
		"media": {"generative", "stock", ""},
		"model": {"pro", "ultra", ""},
		"actor": {"none", "human", "virtual_pro", "ai_avatar", ""},
		"is_ad": {"true", "false"},
	}
	for col, values := range want {
		seen := map[string]int{}
		for _, r := range rows {
			seen[r[col]]++
		}
		for _, v := range values {
			if seen[v] == 0 {
				t.Errorf("%s %q never appears in 2000 events", col, v)
			}
		}
		if len(seen) != len(values) {
			t.Errorf("%s has values %v, want only %q", col, seen, values)
		}
	}
	layouts := map[string]int{}
	for _, r := range rows {
		ts := r["created_at"]
		switch {
		case strings.HasSuffix(ts, "Z"):
			layouts["Z"]++
		case strings.HasSuffix(ts, "+02:00"):
			layouts["+02:00"]++
		case strings.Contains(ts, " "):
			layouts["space"]++
		default:
			t.Errorf("created_at %q has none of the three layouts", ts)
		}
	}
	for _, l := range []string{"Z", "+02:00", "space"} {
		if layouts[l] == 0 {
			t.Errorf("no created_at in the %s layout", l)
		}
	}
}

func TestWriteCSVMix(t *testing.T) {
	data, _ := generate(t, october(20000, 5))
	_, rows := readRows(t, data)
	count := map[string]float64{}
	accounts := map[string]int{}
	for _, r := range rows {
		count[r["kind"]]++
		accounts[r["account_id"]]++
	}
	n := float64(len(rows))
	for kind, share := range map[string]float64{"render": 0.70, "edit_clip": 0.20, "edit_image": 0.10} {
		if got := count[kind] / n; math.Abs(got-share) > 0.03 {
			t.Errorf("share of %s = %.3f, want about %.2f", kind, got, share)
		}
	}
	big, small := accounts["acct-0001"], accounts["acct-0040"]
	if big < 5*small {
		t.Errorf("acct-0001 has %d rows and acct-0040 %d; want a skew of at least 5x", big, small)
	}
}

// TestWriteCSVTimes checks that created_at stays in the month, that a
// render's edits share its video and come after it, and that weekday
// working hours are busier than nights.
func TestWriteCSVTimes(t *testing.T) {
	c := october(5000, 9)
	data, _ := generate(t, c)
	_, rows := readRows(t, data)
	end := c.Month.AddDate(0, 1, 0)
	renderAt := map[string]time.Time{}
	var work, night int
	for _, r := range rows {
		at := parseStamp(t, r["created_at"])
		if at.Before(c.Month) || !at.Before(end) {
			t.Errorf("%s: created_at %s is outside October 2026", r["event_id"], r["created_at"])
		}
		if r["kind"] == "render" {
			renderAt[r["video_id"]] = at
		} else if ra, ok := renderAt[r["video_id"]]; !ok || at.Before(ra) {
			t.Errorf("%s: edit of %s at %s comes before its render", r["event_id"], r["video_id"], r["created_at"])
		}
		if wd := at.Weekday(); wd != time.Saturday && wd != time.Sunday {
			switch h := at.Hour(); {
			case h >= 10 && h < 14:
				work++
			case h >= 0 && h < 4:
				night++
			}
		}
	}
	if work < 4*night {
		t.Errorf("%d weekday events 10:00–14:00 and %d 00:00–04:00; want working hours much busier", work, night)
	}
}

func parseStamp(t *testing.T, s string) time.Time {
	t.Helper()
	for _, layout := range []string{time.RFC3339Nano, layoutSpace} {
		if at, err := time.Parse(layout, s); err == nil {
			return at
		}
	}
	t.Fatalf("created_at %q does not parse", s)
	return time.Time{}
}

func TestInjectedFaultsFollowErrorRate(t *testing.T) {
	for _, rate := range []float64{0, 0.05, 0.2} {
		c := october(20000, 13)
		c.ErrorRate = rate
		_, s := generate(t, c)
		want := rate * float64(c.Events)
		if got := float64(s.Faulty()); math.Abs(got-want) > 0.1*want+10 {
			t.Errorf("ErrorRate %v: %v faulty events, want about %v", rate, got, want)
		}
		for cat, n := range s.Injected {
			per := want / NumCategories
			if math.Abs(float64(n)-per) > 0.35*per+10 {
				t.Errorf("ErrorRate %v: %v injected %d times, want about %.0f", rate, Category(cat), n, per)
			}
		}
		if d := s.Injected[DuplicateEvent]; s.Conflicting > d || (d > 20 && (s.Conflicting == 0 || s.Conflicting == d)) {
			t.Errorf("ErrorRate %v: %d of %d duplicates conflicting; want about half", rate, s.Conflicting, d)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	ok := october(10, 1)
	tests := []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"negative events", func(c *Config) { c.Events = -1 }, "Events"},
		{"no accounts", func(c *Config) { c.Accounts = 0 }, "Accounts"},
		{"error rate above 1", func(c *Config) { c.ErrorRate = 1.5 }, "ErrorRate"},
		{"error rate NaN", func(c *Config) { c.ErrorRate = math.NaN() }, "ErrorRate"},
		{"no month", func(c *Config) { c.Month = time.Time{} }, "Month"},
		{"mid-month", func(c *Config) { c.Month = c.Month.AddDate(0, 0, 3) }, "Month"},
		{"not UTC", func(c *Config) { c.Month = time.Date(2026, 10, 1, 0, 0, 0, 0, plus2) }, "Month"},
		{"before the price book", func(c *Config) { c.Month = time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC) }, "Month"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			_, err := WriteCSV(io.Discard, c)
			if err == nil || !strings.Contains(err.Error(), tt.field+":") {
				t.Errorf("WriteCSV error = %v, want one naming %s", err, tt.field)
			}
		})
	}
	if err := ok.Validate(); err != nil {
		t.Errorf("Validate(%+v) = %v, want nil", ok, err)
	}
}

type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriteCSVReportsWriteErrors(t *testing.T) {
	_, err := WriteCSV(&failingWriter{n: 10_000}, october(5000, 1))
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("WriteCSV to a failing writer: error = %v, want disk full", err)
	}
}
