package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
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

// TestKubernetesConfig gives each ConfigMap's reconcile.yaml in
// deploy/kubernetes, with the RECONCILE_ variables its Job sets, to
// reconcile config for each command the Job runs: every key and every
// variable names a flag, so a pod cannot fail with exit 2 on them, and
// the values come from where the manifests say.
func TestKubernetesConfig(t *testing.T) {
	dir := filepath.Join("..", "..", "deploy", "kubernetes")
	for _, tc := range []struct {
		configMap, job string
		commands       []string
		want           map[string]string // command flag → where from
	}{
		{"configmap.yaml", "cronjob.yaml", []string{"run"}, map[string]string{
			"run --input": "file reconcile.yaml (run.input)", "run --db": "file reconcile.yaml (db)"}},
		{"sharded-configmap.yaml", "sharded-job.yaml", []string{"run", "export"}, map[string]string{
			"run --shard": "env RECONCILE_SHARD", "run --db": "env RECONCILE_DB", "run --ledger": "env RECONCILE_LEDGER",
			"run --out": "file reconcile.yaml (run.out)", "export --out": "file reconcile.yaml (export.out)",
			"export --shard": "env RECONCILE_SHARD", "export --period": "env RECONCILE_PERIOD"}},
	} {
		t.Run(tc.configMap, func(t *testing.T) {
			cm, err := os.ReadFile(filepath.Join(dir, tc.configMap))
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Data map[string]string `yaml:"data"`
			}
			if err := yaml.Unmarshal(cm, &doc); err != nil || doc.Data["reconcile.yaml"] == "" {
				t.Fatalf("%s: no data reconcile.yaml (%v)", tc.configMap, err)
			}
			work := t.TempDir()
			if err := os.WriteFile(filepath.Join(work, "reconcile.yaml"), []byte(doc.Data["reconcile.yaml"]), 0o644); err != nil {
				t.Fatal(err)
			}
			job, err := os.ReadFile(filepath.Join(dir, tc.job))
			if err != nil {
				t.Fatal(err)
			}
			fill := strings.NewReplacer("__SHARD__", "0", "__SHARDS__", "4", "__PERIOD__", "2026-10")
			env := []string{}
			for _, m := range regexp.MustCompile(`\{name: (RECONCILE_[A-Z_]+), value: "?([^"}]*?)"?\}`).FindAllSubmatch(job, -1) {
				if string(m[1]) == "RECONCILE_CONFIG" {
					continue // the file is given below, where the test wrote it
				}
				env = append(env, string(m[1])+"="+fill.Replace(string(m[2])))
			}
			for _, command := range tc.commands {
				code, stdout, stderr := reconcile(t, work, env, "config", "--config", "reconcile.yaml", command)
				if code != 0 {
					t.Fatalf("reconcile config %s with %q: exit %d:\n%s", command, env, code, stderr)
				}
				for key, from := range tc.want {
					cmd, flag, _ := strings.Cut(key, " ")
					if cmd != command {
						continue
					}
					line := ""
					for _, l := range strings.Split(stdout, "\n") {
						if strings.HasPrefix(l, flag+" ") {
							line = l
						}
					}
					if !strings.HasSuffix(line, from) {
						t.Errorf("%s %s: %q, want it from %s", command, flag, line, from)
					}
				}
			}
		})
	}
}
