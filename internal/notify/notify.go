// Package notify posts a run's outcome to webhook URLs: the run's
// summary.json with a one-line "text" added when it commits (so a Slack
// incoming webhook shows that line), a short failure document when it
// fails. See [RunPayload] and [Failure] for the documents.
//
// Each URL gets its own POST, at most [Config.Timeout] for all its
// attempts. A connection error, a 429 or a 5xx (but 501) is retried with
// exponential backoff (hashicorp/go-retryablehttp, which honours a
// Retry-After header); any other status that is not 2xx ends the attempts
// at once. A failed notification is an error of [Notifier.Send] for the
// caller to log: it never undoes what the run did.
//
// Webhook URLs are secrets (a Slack URL is its own credential), so no
// error or log line of this package holds one whole: [Redact] keeps the
// scheme and host.
package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// DefaultTimeout is how long a URL may take, all its attempts together,
// when Config.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// Config is what a Notifier needs. Only URLs is required.
type Config struct {
	URLs    []string      // http or https; each is posted to
	Timeout time.Duration // per URL, every attempt and wait included; 0: DefaultTimeout

	// The backoff between attempts: WaitMin doubles each attempt up to
	// WaitMax; zero values take 1s and 30s. RetryMax is the number of
	// retries after the first attempt; 0 takes 4, a negative value none.
	WaitMin, WaitMax time.Duration
	RetryMax         int

	Log    *slog.Logger // nil: slog.Default()
	Client *http.Client // nil: a client of its own
}

// Notifier posts documents to the URLs of its Config.
type Notifier struct {
	urls    []*url.URL
	timeout time.Duration
	client  *retryablehttp.Client
	log     *slog.Logger
}

// New checks the URLs and returns a Notifier for them; nil, with no error,
// when there are none. An error names a URL by [Redact] only.
func New(cfg Config) (*Notifier, error) {
	if len(cfg.URLs) == 0 {
		return nil, nil
	}
	n := &Notifier{timeout: cfg.Timeout, log: cfg.Log}
	if n.timeout < 0 {
		return nil, fmt.Errorf("timeout %s: want zero or more", n.timeout)
	}
	if n.timeout == 0 {
		n.timeout = DefaultTimeout
	}
	if n.log == nil {
		n.log = slog.Default()
	}
	for _, raw := range cfg.URLs {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%s: want an http:// or https:// URL", Redact(raw))
		}
		n.urls = append(n.urls, u)
	}
	c := retryablehttp.NewClient()
	c.Logger = nil // its lines would hold the URL's path; Send logs instead
	c.ErrorHandler = giveUp
	c.CheckRetry = func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		if a, ok := ctx.Value(attemptsKey{}).(*attempts); ok {
			a.count++
			a.answered, a.failure = resp != nil, ""
			switch {
			case a.answered:
				a.status = resp.Status
			case err != nil && ctx.Err() == nil:
				a.failure = scrub(err).Error()
			}
		}
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	if cfg.Client != nil {
		c.HTTPClient = cfg.Client
	}
	if cfg.WaitMin > 0 {
		c.RetryWaitMin = cfg.WaitMin
	}
	if cfg.WaitMax > 0 {
		c.RetryWaitMax = cfg.WaitMax
	}
	switch {
	case cfg.RetryMax > 0:
		c.RetryMax = cfg.RetryMax
	case cfg.RetryMax < 0:
		c.RetryMax = 0
	}
	n.client = c
	return n, nil
}

// Send posts doc, a JSON document, to every URL at once and waits for them
// all. It logs each outcome (a warning for a failure, with the URL's host)
// and returns the failures joined, each prefixed by its redacted URL; nil
// when every URL took the document. A nil Notifier sends nothing.
//
// ctx bounds every attempt; give one that a cancelled run does not end
// (context.WithoutCancel) to report that run.
func (n *Notifier) Send(ctx context.Context, doc []byte) error {
	if n == nil {
		return nil
	}
	errs := make([]error, len(n.urls))
	var wg sync.WaitGroup
	for i, u := range n.urls {
		wg.Go(func() {
			start := time.Now()
			err := n.post(ctx, u, doc)
			if err != nil {
				n.log.Warn("notification failed", "host", u.Host, "error", err.Error(),
					"seconds", time.Since(start).Seconds())
				errs[i] = fmt.Errorf("notify %s: %w", Redact(u.String()), err)
				return
			}
			n.log.Info("notification sent", "host", u.Host, "seconds", time.Since(start).Seconds())
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// post sends doc to u, retrying as the package doc says, within n.timeout.
func (n *Notifier) post(ctx context.Context, u *url.URL, doc []byte) error {
	a := &attempts{}
	ctx, cancel := context.WithTimeout(context.WithValue(ctx, attemptsKey{}, a), n.timeout)
	defer cancel()
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, u.String(), doc)
	if err != nil {
		return fmt.Errorf("make the request: %w", scrub(err))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "reconcile")
	resp, err := n.client.Do(req)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded) {
			switch {
			case a.answered:
				return fmt.Errorf("no success within %s: %s, the last answered HTTP %s", n.timeout, plural(a.count), a.status)
			case a.failure != "":
				return fmt.Errorf("no success within %s: %s, the last: %s", n.timeout, plural(a.count), a.failure)
			}
			return fmt.Errorf("no answer within %s (%s): %w", n.timeout, plural(a.count), err)
		}
		return err
	}
	defer resp.Body.Close()
	// A webhook's answer is a word or two ("ok"); read a little of it, to
	// say why a request was refused and to reuse the connection.
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("refused: HTTP %s%s", resp.Status, answer(body))
	}
	return nil
}

// attempts counts the attempts of one post, in its context, and keeps the
// last answer: a timeout during the wait between two attempts then says
// what the server last said.
type attempts struct {
	count    int
	answered bool
	status   string // the last answer's, when answered
	failure  string // the last attempt's error, when it got no answer before the timeout
}

type attemptsKey struct{}

// giveUp is the retryablehttp ErrorHandler: once the attempts are spent it
// closes the last response and returns an error without the URL, which
// the library's own error would hold.
func giveUp(resp *http.Response, err error, attempts int) (*http.Response, error) {
	var body []byte
	if resp != nil {
		body, _ = io.ReadAll(io.LimitReader(resp.Body, 512))
		resp.Body.Close()
	}
	if err == nil && resp != nil {
		err = fmt.Errorf("HTTP %s", resp.Status)
	}
	return nil, fmt.Errorf("gave up after %s: %w%s", plural(attempts), scrub(err), answer(body))
}

// plural is "1 attempt", "4 attempts".
func plural(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}

// scrub takes the URL out of an error of net/http, which puts it in a
// *url.Error.
func scrub(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// answer is the start of a refusal's body, to quote after its status.
func answer(body []byte) string {
	s := strings.TrimSpace(string(bytes.ToValidUTF8(body, nil)))
	if s == "" {
		return ""
	}
	if r := []rune(s); len(r) > 120 {
		s = string(r[:120]) + "…"
	}
	return fmt.Sprintf(" (%q)", s)
}

// Redact is a webhook URL fit for a log line: its scheme and host, the
// path and query (where the secret is) replaced by "…".
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(a URL that does not parse)"
	}
	s := u.Scheme + "://" + u.Host
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		s += "/…"
	}
	return s
}
