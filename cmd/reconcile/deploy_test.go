package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSystemdConfigKeys takes deploy/systemd/reconcile.yaml with its
// commented notify: and metrics-file: keys switched on: reconcile config
// accepts every key, so switching them on cannot fail the night with exit 2.
func TestSystemdConfigKeys(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "deploy", "systemd", "reconcile.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	on := regexp.MustCompile(`(?m)^  #((?:notify|notify-timeout|metrics-file):|  - )`).ReplaceAll(raw, []byte("  $1"))
	if string(on) == string(raw) {
		t.Fatal("deploy/systemd/reconcile.yaml has no commented notify: or metrics-file: keys")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "reconcile.yaml"), on, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := reconcile(t, dir, nil, "config", "--config", "reconcile.yaml", "run")
	if code != 0 {
		t.Fatalf("reconcile config: exit %d:\n%s", code, stderr)
	}
	for _, want := range []string{"--notify ", "--notify-timeout ", "--metrics-file "} {
		line := ""
		for _, l := range strings.Split(stdout, "\n") {
			if strings.HasPrefix(l, want) {
				line = l
			}
		}
		if !strings.Contains(line, "file reconcile.yaml (run.") {
			t.Errorf("%s: %q, want it from the file's run: section", want, line)
		}
	}
}
