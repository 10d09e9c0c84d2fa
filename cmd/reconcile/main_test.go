package main

import (
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"reconcile": func() { mainExit(Main()) },
	})
}

// TestScripts runs the command-line scripts in testdata/script: each is a
// txtar archive of input files and the commands a user would type.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		// UPDATE_SCRIPTS=1 go test ./cmd/reconcile rewrites the files that
		// cmp compares with; review the diff before committing it.
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") != "",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// exitcode N prog args... runs prog and checks its exit code.
			"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exitcode N prog args...")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exitcode: %v", err)
				}
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("exitcode: %v", err)
					}
					got = ee.ExitCode()
				}
				if got != want {
					ts.Fatalf("exit code %d, want %d", got, want)
				}
			},
			// waitfor SECONDS PATH [REGEXP] waits until PATH exists and,
			// given REGEXP, its content matches it; for a background
			// command's effects.
			"waitfor": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 || len(args) > 3 {
					ts.Fatalf("usage: waitfor SECONDS PATH [REGEXP]")
				}
				secs, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("waitfor: %v", err)
				}
				var re *regexp.Regexp
				if len(args) == 3 {
					re = regexp.MustCompile("(?m)" + args[2])
				}
				path := ts.MkAbs(args[1])
				deadline := time.Now().Add(time.Duration(secs) * time.Second)
				for {
					b, err := os.ReadFile(path)
					if err == nil && (re == nil || re.Match(b)) {
						return
					}
					if time.Now().After(deadline) {
						if re != nil {
							ts.Logf("%s:\n%s", args[1], b)
							ts.Fatalf("waitfor: no match for %q in %s after %ds", args[2], args[1], secs)
						}
						ts.Fatalf("waitfor: no %s after %ds", args[1], secs)
					}
					time.Sleep(100 * time.Millisecond)
				}
			},
		},
	})
}
