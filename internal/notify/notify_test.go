package notify

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// secret is the part of a webhook URL that is its credential.
const secret = "/services/T000/B000/XXXXSECRET"

// server answers each POST with the next status of answers (the last one
// over and over) and counts the attempts; it keeps the last body.
type server struct {
	*httptest.Server
	attempts atomic.Int32
	body     atomic.Value // []byte
	ctype    atomic.Value // string
}

func newServer(t *testing.T, answers ...int) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(s.attempts.Add(1))
		b, _ := io.ReadAll(r.Body)
		s.body.Store(b)
		s.ctype.Store(r.Header.Get("Content-Type"))
		code := answers[min(n, len(answers))-1]
		w.WriteHeader(code)
		if code >= 400 {
			io.WriteString(w, "no_service")
		} else {
			io.WriteString(w, "ok")
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// quick is a Config that retries without waiting long.
func quick(urls ...string) Config {
	return Config{URLs: urls, Timeout: 10 * time.Second, WaitMin: time.Millisecond, WaitMax: 5 * time.Millisecond, RetryMax: 3,
		Log: slog.New(slog.DiscardHandler)}
}

func mustNew(t *testing.T, cfg Config) *Notifier {
	t.Helper()
	n, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSendPostsTheDocument(t *testing.T) {
	a, b := newServer(t, 200), newServer(t, 204)
	n := mustNew(t, quick(a.URL+secret, b.URL+"/other"))
	doc := []byte(`{"kind":"run","text":"hello"}`)
	if err := n.Send(context.Background(), doc); err != nil {
		t.Fatalf("Send: %v", err)
	}
	for _, s := range []*server{a, b} {
		if got := s.attempts.Load(); got != 1 {
			t.Errorf("%d attempts, want 1", got)
		}
		if got, _ := s.body.Load().([]byte); !bytes.Equal(got, doc) {
			t.Errorf("body %q, want %q", got, doc)
		}
		if got := s.ctype.Load(); got != "application/json" {
			t.Errorf("Content-Type %q, want application/json", got)
		}
	}
}

func TestSendRetries(t *testing.T) {
	for _, tc := range []struct {
		name         string
		answers      []int
		wantAttempts int32
		wantErr      string // "" for none
	}{
		{"500 then 200 is retried", []int{500, 200}, 2, ""},
		{"429 then 503 then 200", []int{429, 503, 200}, 3, ""},
		{"always 500 gives up", []int{500}, 4, `gave up after 4 attempts: HTTP 500 Internal Server Error ("no_service")`},
		{"400 is not retried", []int{400}, 1, `refused: HTTP 400 Bad Request ("no_service")`},
		{"404 is not retried", []int{404, 200}, 1, "refused: HTTP 404 Not Found"},
		{"501 is not retried", []int{501, 200}, 1, "HTTP 501 Not Implemented"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, tc.answers...)
			var log bytes.Buffer
			cfg := quick(s.URL + secret)
			cfg.Log = slog.New(slog.NewTextHandler(&log, nil))
			err := mustNew(t, cfg).Send(context.Background(), []byte(`{}`))
			if got := s.attempts.Load(); got != tc.wantAttempts {
				t.Errorf("%d attempts, want %d", got, tc.wantAttempts)
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("Send: %v, want no error", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("Send: %v, want an error with %q", err, tc.wantErr)
			}
			if strings.Contains(log.String(), "SECRET") || (err != nil && strings.Contains(err.Error(), "SECRET")) {
				t.Errorf("the URL's path is in the log or the error:\n%s\n%v", log.String(), err)
			}
			if tc.wantErr != "" && !strings.Contains(log.String(), `level=WARN msg="notification failed" host=`+s.Listener.Addr().String()) {
				t.Errorf("log = %s, want a warning naming the host", log.String())
			}
		})
	}
}

func TestSendConnectionRefused(t *testing.T) {
	s := httptest.NewServer(http.NotFoundHandler())
	url := s.URL + secret
	s.Close() // nothing listens there now
	err := mustNew(t, quick(url)).Send(context.Background(), []byte(`{}`))
	if err == nil || !strings.Contains(err.Error(), "gave up after 4 attempts") {
		t.Errorf("Send: %v, want it to give up after 4 attempts", err)
	}
	if err != nil && strings.Contains(err.Error(), "SECRET") {
		t.Errorf("error %q holds the URL's path", err)
	}
	// Timed out between two attempts: the error says why the last failed.
	cfg := quick(url)
	cfg.Timeout, cfg.WaitMin, cfg.WaitMax = 200*time.Millisecond, time.Hour, time.Hour
	err = mustNew(t, cfg).Send(context.Background(), []byte(`{}`))
	if err == nil || !strings.Contains(err.Error(), "no success within 200ms: 1 attempt, the last: dial tcp") {
		t.Errorf("Send: %v, want no success within 200ms and the dial error", err)
	}
}

// TestSendTimesOutRetrying posts to a server that always fails, with a
// timeout shorter than the retries: the error says what it last answered.
func TestSendTimesOutRetrying(t *testing.T) {
	s := newServer(t, 503)
	cfg := quick(s.URL + secret)
	cfg.Timeout, cfg.WaitMin, cfg.WaitMax, cfg.RetryMax = 200*time.Millisecond, time.Hour, time.Hour, 3
	err := mustNew(t, cfg).Send(context.Background(), []byte(`{}`))
	const want = "no success within 200ms: 1 attempt, the last answered HTTP 503 Service Unavailable"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Send: %v, want %q", err, want)
	}
}

// TestSendTimesOut posts to a server that never answers: Send gives up
// when the timeout has passed, not long after.
func TestSendTimesOut(t *testing.T) {
	release := make(chan struct{})
	arrived := make(chan struct{}, 1)
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		<-release // until the test ends
	}))
	t.Cleanup(s.Close)
	t.Cleanup(func() { close(release) }) // runs first: Close waits for the handlers
	cfg := quick(s.URL + secret)
	cfg.Timeout = 300 * time.Millisecond
	start := time.Now()
	err := mustNew(t, cfg).Send(context.Background(), []byte(`{}`))
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "no answer within 300ms (1 attempt)") {
		t.Errorf("Send: %v, want no answer within 300ms (1 attempt)", err)
	}
	select {
	case <-arrived:
	default:
		t.Error("the request never reached the server")
	}
	if took > 5*time.Second { // the timeout, and a loaded machine's slack
		t.Errorf("Send took %s with a timeout of 300ms", took)
	}
}

func TestNew(t *testing.T) {
	if n, err := New(Config{}); n != nil || err != nil {
		t.Errorf("New with no URLs = %v, %v; want nil, nil", n, err)
	}
	if err := (*Notifier)(nil).Send(context.Background(), nil); err != nil {
		t.Errorf("a nil Notifier's Send = %v, want nil", err)
	}
	for _, bad := range []string{"hooks.example.com" + secret, "ftp://example.com" + secret, "https://" + secret, "::"} {
		_, err := New(Config{URLs: []string{bad}})
		if err == nil {
			t.Errorf("New(%q): no error", bad)
			continue
		}
		if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("New(%q): error %q holds the URL's path", bad, err)
		}
	}
	if _, err := New(Config{URLs: []string{"https://example.com"}, Timeout: -time.Second}); err == nil {
		t.Error("a negative timeout: no error")
	}
}

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://hooks.slack.com/services/T0/B0/XYZ", "https://hooks.slack.com/…"},
		{"http://127.0.0.1:8080/hook?token=abc", "http://127.0.0.1:8080/…"},
		{"https://user:pass@example.com/", "https://example.com"},
		{"https://example.com", "https://example.com"},
		{"not a url", "(a URL that does not parse)"},
	} {
		if got := Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
