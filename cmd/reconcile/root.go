package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes (SPEC §8).
const (
	exitOK          = 0
	exitFailed      = 1 // the run failed; nothing was committed
	exitUsage       = 2 // bad usage, configuration or price book
	exitDiscrepancy = 3 // done, discrepancies found, --fail-on-discrepancy given
)

// usageError marks an error as the user's to fix in the command line or
// configuration: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// errDiscrepancies ends a run that found discrepancies under
// --fail-on-discrepancy: exit code 3, after the run committed.
var errDiscrepancies = errors.New("discrepancies found")

// hinted carries a line that tells the user what to do next.
type hinted struct {
	err  error
	hint string
}

func (e hinted) Error() string { return e.err.Error() }
func (e hinted) Unwrap() error { return e.err }
func (e hinted) Hint() string  { return e.hint }

// A schedule logs the hint of a run that failed with one.
var _ interface{ Hint() string } = hinted{}

// Main runs the command line and returns the exit code. Only main exits.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
}

func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g := &globals{stdout: stdout, stderr: stderr}
	root := newRoot(g)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errDiscrepancies) || errors.Is(err, errChangeTooLarge) {
		return exitDiscrepancy
	}
	err = unknownCommand(root, err)
	err = stoppedBy(ctx, err)
	code := exitCodeOf(err)
	format := g.logFormat
	if !cmd.Flags().Parsed() { // cobra stopped before the flags: an unknown command
		format = logFormatIn(args)
	}
	reportError(g.stderr, format, err, code)
	return code
}

// oneLine keeps an error to the first line DuckDB gives (its errors go on
// with suggestions and a caret under the SQL).
func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// globals are the flags and streams every command shares.
type globals struct {
	stdout, stderr io.Writer
	logFormat      string
	logLevel       string
	logOut         io.Writer // where logs go instead of stderr (through a progress bar)
}

func (g *globals) logger() (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(g.logLevel)); err != nil {
		return nil, usagef("--log-level %q: want debug, info, warn or error", g.logLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	out := g.stderr
	if g.logOut != nil {
		out = g.logOut
	}
	switch g.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(out, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(out, opts)), nil
	}
	return nil, usagef("--log-format %q: want text or json", g.logFormat)
}

func newRoot(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:           "reconcile",
		Short:         "Reprice render logs exactly and report every difference from what was charged",
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&g.logFormat, "log-format", "text", "log format on stderr: text or json")
	root.PersistentFlags().StringVar(&g.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.SetVersionTemplate(versionTemplate())
	root.AddCommand(newRunCmd(g), newSQLCmd(g), newExplainCmd(g), newRerateCmd(g), newStatusCmd(g), newExportCmd(g), newScheduleCmd(g), newGenCmd(g), newCloseCmd(g), newBridgeCmd(g), newCombineCmd(g))
	root.AddCommand(newConfigCmd(g))
	strictHelp(root)
	completeFlagValues(root)
	withConfig(root) // after every command is added: RECONCILE_* and --config for all their flags
	return root
}

// stopped is the error of a command that a signal (SIGTERM from systemd or
// Kubernetes at their time limit, ^C) stopped before it finished: it says
// so first, rather than the "context canceled" of the statement it stopped.
type stopped struct{ cause, err error }

// stoppedBy is err as a stopped error when a signal ended ctx and err is
// its cancellation; else err.
func stoppedBy(ctx context.Context, err error) error {
	var s stopped
	if ctx.Err() == nil || !errors.Is(err, context.Canceled) || errors.As(err, &s) {
		return err
	}
	return stopped{context.Cause(ctx), err}
}

func (e stopped) Error() string { return fmt.Sprintf("stopped (%v): %v", e.cause, e.err) }
func (e stopped) Unwrap() error { return e.err }
func (e stopped) Hint() string {
	return "a run stopped before its commit commits nothing, and the next run reads what it did not"
}
