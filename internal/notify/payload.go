package notify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/reconcile/reconcile/internal/report"
)

// RunPayload is the document posted when a run or a re-rating commits:
// summary.json as the run wrote it (raw, its exact bytes) with one field
// put first, "text", the line a person reads (a Slack incoming webhook
// shows it as the message):
//
//	reconcile run 20261101T020000Z-1a2b (October 2026): 5 discrepancies, net +9.37 credits, to refund 10.00, to rebill 0.63
//
// Every other field is summary.json's, in its order and with its values
// untouched, so a consumer reads the payload as it reads summary.json
// (README "summary.json"). raw must be a JSON object with no "text" field.
func RunPayload(raw []byte) ([]byte, error) {
	text, err := summaryText(raw)
	if err != nil {
		return nil, err
	}
	// Splice "text" in after the opening brace rather than decode and
	// encode again: the figures stay byte for byte those of summary.json.
	body := bytes.TrimSpace(raw)
	rest := bytes.TrimSpace(body[1:])
	field, err := json.Marshal(text)
	if err != nil {
		return nil, fmt.Errorf("encode the text: %w", err)
	}
	var b bytes.Buffer
	b.WriteString("{\n  \"text\": ")
	b.Write(field)
	if rest[0] != '}' {
		b.WriteString(",\n  ")
	}
	b.Write(rest)
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// summaryText is the "text" line of a summary document.
func summaryText(raw []byte) (string, error) {
	var head struct {
		Kind string          `json:"kind"`
		Text json.RawMessage `json:"text"`
	}
	body := bytes.TrimSpace(raw)
	if len(body) == 0 || body[0] != '{' {
		return "", errors.New("summary.json: want a JSON object")
	}
	if err := json.Unmarshal(body, &head); err != nil {
		return "", fmt.Errorf("summary.json: %w", err)
	}
	if head.Text != nil {
		return "", errors.New(`summary.json: it has a "text" field already`)
	}
	switch head.Kind {
	case "run":
		var d report.SummaryDoc
		if err := json.Unmarshal(body, &d); err != nil {
			return "", fmt.Errorf("summary.json of a run: %w", err)
		}
		return fmt.Sprintf("reconcile run %s (%s): %d discrepancies, net %s credits, to refund %s, to rebill %s",
			d.RunID, d.Window.Description, d.Rows.Discrepancies, d.Credits.Net.Signed(),
			d.ToRefund.StringFixed(2), d.ToRebill.StringFixed(2)), nil
	case "rerate":
		var d report.RerateDoc
		if err := json.Unmarshal(body, &d); err != nil {
			return "", fmt.Errorf("summary.json of a re-rating: %w", err)
		}
		return fmt.Sprintf("reconcile rerate %s (%s): %d of %d events re-priced, expected credits %s → %s (%s)",
			d.RunID, d.Window.Description, d.EventsChanged, d.EventsExamined,
			d.OldExpected.StringFixed(2), d.NewExpected.StringFixed(2), d.Change.Signed()), nil
	}
	return "", fmt.Errorf("summary.json: kind %q: want run or rerate", head.Kind)
}

// Failure is the document posted when a run fails (it committed nothing):
//
//	{"kind": "failure", "text": "reconcile run failed: ...", "error": "...",
//	 "exit_code": 1, "command": "reconcile run", "started": "2026-11-01T02:00:00Z",
//	 "db": "/data/reconcile.duckdb"}
//
// Started is UTC, to the second. Text is the line a person reads.
type Failure struct {
	Kind     string    `json:"kind"` // "failure"
	Text     string    `json:"text"`
	Error    string    `json:"error"`
	ExitCode int       `json:"exit_code"`
	Command  string    `json:"command"` // "reconcile run", "reconcile schedule", "reconcile rerate"
	Started  time.Time `json:"started"`
	DB       string    `json:"db"`
}

// NewFailure is the Failure document of a command started at started on
// the database db that failed with err (its first line) and exit code code.
func NewFailure(command, db string, started time.Time, err error, code int) Failure {
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = strings.TrimSpace(msg[:i])
	}
	return Failure{
		Kind:     "failure",
		Text:     fmt.Sprintf("%s failed (exit %d), nothing committed: %s", command, code, msg),
		Error:    msg,
		ExitCode: code,
		Command:  command,
		Started:  started.UTC().Truncate(time.Second),
		DB:       db,
	}
}

// JSON is the document to post.
func (f Failure) JSON() ([]byte, error) {
	b, err := json.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("encode the failure document: %w", err)
	}
	return b, nil
}
