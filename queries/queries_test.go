package queries

import (
	"slices"
	"strings"
	"testing"
)

// TestEveryFileUsed checks that every statement in the .sql files has its
// identifier in statements.go: SQL nothing runs is SQL nobody maintains.
func TestEveryFileUsed(t *testing.T) {
	var unused []string
	for name := range byName {
		if !used[name] {
			unused = append(unused, name)
		}
	}
	slices.Sort(unused)
	if len(unused) > 0 {
		t.Errorf("statements without an identifier in statements.go: %s", strings.Join(unused, ", "))
	}
	if len(byName) < 60 {
		t.Errorf("only %d statements loaded; are the sections still split?", len(byName))
	}
}

func TestSections(t *testing.T) {
	if !strings.HasPrefix(strings.TrimSpace(Begin.Text), "BEGIN TRANSACTION") || strings.Contains(Begin.Text, "COMMIT") {
		t.Errorf("section begin = %q", Begin.Text)
	}
	if got := len(ProfileTo.t.Templates()); got != 1 {
		t.Errorf("profile_to: %d templates", got)
	}
	q, err := ProfileTo.Fill("/tmp/it's.json")
	if err != nil {
		t.Fatal(err)
	}
	if st := q.Statements(); len(st) != 2 || st[1] != "SET profiling_output = '/tmp/it''s.json'" {
		t.Errorf("profile_to statements = %q", st)
	}
}

func TestInputView(t *testing.T) {
	q, err := InputView.Fill(map[string]any{"View": "rc_input", "Files": []string{"rc_in_0", "rc_in_1"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "CREATE OR REPLACE TEMP VIEW rc_input AS\nSELECT * FROM rc_in_0\nUNION ALL SELECT * FROM rc_in_1"
	if got := strings.TrimSpace(q.Text[strings.Index(q.Text, "CREATE"):]); got != want {
		t.Errorf("input_view =\n%s\nwant\n%s", got, want)
	}
}

func TestFillMissingKey(t *testing.T) {
	if _, err := InputView.Fill(map[string]any{"View": "rc_input"}); err == nil {
		t.Error("a template filled without one of its keys did not fail")
	}
}

func TestStatements(t *testing.T) {
	got := Statements("-- a comment\nSELECT 1\n;\n-- only a comment\n;\nSELECT 2\n")
	if len(got) != 2 || got[0] != "-- a comment\nSELECT 1" || got[1] != "SELECT 2" {
		t.Errorf("Statements = %q", got)
	}
}
