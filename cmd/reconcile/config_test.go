package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// configFlag runs `reconcile config --format json ARGS...` with the given
// environment and config file, and returns the flag's line.
func configFlag(t *testing.T, env map[string]string, file string, flag string, args ...string) shownFlag {
	t.Helper()
	for k, v := range env {
		t.Setenv(k, v)
	}
	argv := []string{"config", "--format", "json"}
	if file != "" {
		path := filepath.Join(t.TempDir(), "reconcile.yaml")
		if err := os.WriteFile(path, []byte(file), 0o644); err != nil {
			t.Fatal(err)
		}
		argv = append(argv, "--config", path)
	}
	var stdout, stderr bytes.Buffer
	if code := execute(context.Background(), append(argv, args...), &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var doc struct {
		Flags []shownFlag `json:"flags"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("%v: %s", err, stdout.String())
	}
	for _, f := range doc.Flags {
		if f.Name == flag {
			if f.File != "" {
				f.File = "FILE"
			}
			if l, ok := f.Value.([]any); ok {
				var list []string
				for _, e := range l {
					list = append(list, e.(string))
				}
				f.Value = list
			}
			return f
		}
	}
	t.Fatalf("no --%s in %s", flag, stdout.String())
	return shownFlag{}
}

// TestConfigPrecedence checks that each layer wins over the ones below it:
// flag > environment > file (a command's section > top level) > default.
func TestConfigPrecedence(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		file string
		args []string
		flag string
		want shownFlag
	}{
		{"scalar default", nil, "", []string{"run"}, "tolerance",
			shownFlag{Name: "tolerance", Value: "0.01", Source: fromDefault}},
		{"scalar file", nil, "tolerance: 0.10\n", []string{"run"}, "tolerance",
			shownFlag{Name: "tolerance", Value: "0.10", Source: fromFile, File: "FILE", Key: "tolerance"}},
		{"scalar section over top level", nil, "tolerance: 0.10\nrun:\n  tolerance: 0.20\n", []string{"run"}, "tolerance",
			shownFlag{Name: "tolerance", Value: "0.20", Source: fromFile, File: "FILE", Key: "run.tolerance"}},
		{"scalar section of another command", nil, "tolerance: 0.10\nschedule:\n  tolerance: 0.20\n", []string{"run"}, "tolerance",
			shownFlag{Name: "tolerance", Value: "0.10", Source: fromFile, File: "FILE", Key: "tolerance"}},
		{"scalar env over file", map[string]string{"RECONCILE_TOLERANCE": "0.30"}, "run:\n  tolerance: 0.20\n", []string{"run"}, "tolerance",
			shownFlag{Name: "tolerance", Value: "0.30", Source: fromEnv, Env: "RECONCILE_TOLERANCE"}},
		{"scalar flag over env", map[string]string{"RECONCILE_TOLERANCE": "0.30"}, "tolerance: 0.10\n", []string{"run", "--tolerance", "0.40"}, "tolerance",
			shownFlag{Name: "tolerance", Value: "0.40", Source: fromFlag}},
		{"digits kept as written", nil, "tolerance: 0.123456789012345678901234567890\n", []string{"run"}, "tolerance",
			shownFlag{Name: "tolerance", Value: "0.123456789012345678901234567890", Source: fromFile, File: "FILE", Key: "tolerance"}},

		{"list default", nil, "", []string{"run"}, "input",
			shownFlag{Name: "input", Value: []string(nil), Source: fromDefault}},
		{"list file", nil, "input: [a.csv, 'b dir/']\n", []string{"run"}, "input",
			shownFlag{Name: "input", Value: []string{"a.csv", "b dir/"}, Source: fromFile, File: "FILE", Key: "input"}},
		{"list file, one value", nil, "input: a.csv\n", []string{"run"}, "input",
			shownFlag{Name: "input", Value: []string{"a.csv"}, Source: fromFile, File: "FILE", Key: "input"}},
		{"list env over file, a value a line", map[string]string{"RECONCILE_INPUT": "c,1.csv\nd:2.csv\n"}, "input: [a.csv]\n", []string{"run"}, "input",
			shownFlag{Name: "input", Value: []string{"c,1.csv", "d:2.csv"}, Source: fromEnv, Env: "RECONCILE_INPUT"}},
		{"list flag over env", map[string]string{"RECONCILE_INPUT": "c.csv"}, "input: [a.csv]\n", []string{"run", "--input", "e.csv", "--input", "f.csv"}, "input",
			shownFlag{Name: "input", Value: []string{"e.csv", "f.csv"}, Source: fromFlag}},
		{"list arguments over env", map[string]string{"RECONCILE_INPUT": "c.csv"}, "", []string{"run", "g.csv"}, "input",
			shownFlag{Name: "input", Value: []string{"g.csv"}, Source: fromArgs}},

		{"global flag from env", map[string]string{"RECONCILE_LOG_FORMAT": "json"}, "log-format: text\n", []string{"status"}, "log-format",
			shownFlag{Name: "log-format", Value: "json", Source: fromEnv, Env: "RECONCILE_LOG_FORMAT"}},
		{"a flag another command lacks is left to it", nil, "cron: '@daily'\nlimit: 3\n", []string{"status"}, "limit",
			shownFlag{Name: "limit", Value: "3", Source: fromFile, File: "FILE", Key: "limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := configFlag(t, tt.env, tt.file, tt.flag, tt.args...)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestConfigConfigFromEnv checks that RECONCILE_CONFIG names the file and
// that --config wins over it.
func TestConfigConfigFromEnv(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml")
	if err := os.WriteFile(a, []byte("db: a.duckdb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte("db: b.duckdb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("RECONCILE_CONFIG", a)
	if got := configFlag(t, nil, "", "db", "status"); got.Value != "a.duckdb" || got.Key != "db" {
		t.Errorf("RECONCILE_CONFIG: got %+v, want db a.duckdb from %s", got, a)
	}
	if got := configFlag(t, nil, "", "db", "--config", b, "status"); got.Value != "b.duckdb" {
		t.Errorf("--config over RECONCILE_CONFIG: got %+v, want db b.duckdb", got)
	}
}

// TestConfigErrors checks that a variable or key naming no flag, and a bad
// value from either, is bad usage (exit 2) that says where it came from.
func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		file string
		args []string
		want string // in stderr
	}{
		{"unknown variable", map[string]string{"RECONCILE_TOLERENCE": "1"}, "", []string{"status"},
			"reconcile: RECONCILE_TOLERENCE names no flag (did you mean RECONCILE_TOLERANCE?)"},
		{"variable in lower case", map[string]string{"RECONCILE_db": "x"}, "", []string{"status"},
			"RECONCILE_db names no flag (did you mean RECONCILE_DB?)"},
		{"unknown key", nil, "tolerence: 1\n", []string{"status"}, `tolerence: names no flag (did you mean tolerance?)`},
		{"unknown key in a section", nil, "run:\n  cron: '@daily'\n", []string{"status"}, `run.cron: run has no --cron`},
		{"unknown section", nil, "runn:\n  db: x\n", []string{"status"}, `runn: no command runn has a section (did you mean run?)`},
		{"--config itself", nil, "config: other.yaml\n", []string{"status"}, `config: names no flag`},
		{"missing file", nil, "", []string{"--config", "nosuch.yaml", "status"}, `--config nosuch.yaml: open nosuch.yaml`},
		{"bad YAML", nil, "db: [\n", []string{"status"}, `yaml:`},
		{"bad type from env", map[string]string{"RECONCILE_LIMIT": "ten"}, "", []string{"status"},
			`reconcile: RECONCILE_LIMIT=ten: --limit: strconv.ParseInt`},
		{"list for a single value", nil, "db: [a, b]\n", []string{"status"}, `: db=["a","b"]: --db: want one value, not a list`},
		{"bad value from env, checked by the command", map[string]string{"RECONCILE_TOLERANCE": "abc"}, "", []string{"run", "--input", "a.csv"},
			`reconcile: RECONCILE_TOLERANCE=abc: --tolerance "abc": want a decimal`},
		{"bad value from the file, checked by the command", nil, "run:\n  tolerance: -1\n", []string{"run", "--input", "a.csv"},
			`: run.tolerance=-1: --tolerance "-1"`},
		{"bad duration from the file", nil, "schedule:\n  grace: soon\n", []string{"schedule", "--cron", "@daily"},
			`: schedule.grace=soon: --grace: time: invalid duration "soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			dir := t.TempDir()
			t.Chdir(dir)
			args := tt.args
			if tt.file != "" {
				if err := os.WriteFile("reconcile.yaml", []byte(tt.file), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append([]string{"--config", "reconcile.yaml"}, args...)
			}
			var stdout, stderr bytes.Buffer
			code := execute(context.Background(), args, &stdout, &stderr)
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr: %s", code, exitUsage, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr %q, want it to hold %q", stderr.String(), tt.want)
			}
			if _, err := os.Stat("reconcile.duckdb"); err == nil {
				t.Errorf("a database was created")
			}
		})
	}
}
