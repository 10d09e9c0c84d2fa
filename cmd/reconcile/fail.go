package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// reportError tells the user why the command failed: one "reconcile:" line
// and, where there is one, a "hint:" line; under --log-format json one log
// line at level ERROR instead, with the error, the exit code and the hint,
// so that a log shipper gets the failure as it gets everything else.
func reportError(stderr io.Writer, format string, err error, code int) {
	msg := oneLine(err.Error())
	var hint string
	var h interface{ Hint() string }
	if errors.As(err, &h) {
		hint = h.Hint()
	}
	if format == "json" {
		attrs := []any{"error", msg, "exit_code", code}
		if hint != "" {
			attrs = append(attrs, "hint", hint)
		}
		slog.New(slog.NewJSONHandler(stderr, nil)).Error("reconcile failed", attrs...)
		return
	}
	fmt.Fprintf(stderr, "reconcile: %s\n", msg)
	if hint != "" {
		fmt.Fprintf(stderr, "hint: %s\n", hint)
	}
}

// logFormatIn returns the --log-format that args give, "text" when none,
// for an error cobra found before it parsed the flags.
func logFormatIn(args []string) string {
	fs := pflag.NewFlagSet("reconcile", pflag.ContinueOnError)
	fs.ParseErrorsAllowlist.UnknownFlags = true
	fs.SetOutput(io.Discard)
	format := fs.String("log-format", "text", "")
	_ = fs.Parse(args) // what cannot be parsed leaves the default
	return *format
}

// unknownCommand turns cobra's error for a command it does not know into
// a usage error (exit 2) whose hint keeps cobra's "did you mean" suggestion.
// Cobra has no error type for it; the message is its only mark.
func unknownCommand(root *cobra.Command, err error) error {
	var name, path string
	if _, scanErr := fmt.Sscanf(err.Error(), "unknown command %q for %q", &name, &path); scanErr != nil {
		return err
	}
	parent := root
	if fields := strings.Fields(path); len(fields) > 1 {
		if c, _, ferr := root.Find(fields[1:]); ferr == nil {
			parent = c
		}
	}
	return unknown(parent, "command", name)
}

// unknown is the usage error for a name that is no command of parent, with
// the commands cobra suggests for it.
func unknown(parent *cobra.Command, what, name string) error {
	hint := "`" + parent.CommandPath() + " --help` lists the commands"
	if s := parent.SuggestionsFor(name); len(s) > 0 {
		hint = "did you mean " + strings.Join(quoteAll(s), " or ") + "? " + hint
	}
	return hinted{usageError{fmt.Errorf("unknown %s %q for %q", what, name, parent.CommandPath())}, hint}
}

func quoteAll(s []string) []string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return q
}

// strictHelp makes `help NAME` of a command that does not exist a usage
// error with suggestions, where cobra's help command prints the usage and
// exits 0.
func strictHelp(root *cobra.Command) {
	root.SuggestionsMinimumDistance = 2 // cobra's default, which SuggestionsFor alone does not set
	root.InitDefaultHelpCmd()
	for _, c := range root.Commands() {
		if c.Name() != "help" || c.Run == nil {
			continue
		}
		show := c.Run
		c.Run = nil
		c.RunE = func(c *cobra.Command, args []string) error {
			if target, _, err := root.Find(args); target == nil || err != nil {
				return unknown(root, "help topic", args[0])
			}
			show(c, args)
			return nil
		}
	}
}
