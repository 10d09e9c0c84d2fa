package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

const configExample = `  # what the nightly run would use, and where each value comes from
  reconcile config --config /etc/reconcile/reconcile.yaml run

  # the same with a variable and a flag on top, as JSON
  RECONCILE_TOLERANCE=0.05 reconcile config --format json run --period 2026-10`

func newConfigCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "config [--format text|json] [--config FILE] COMMAND [ARGS AND FLAGS OF COMMAND...]",
		Short: "Show the configuration a command would run with: every flag, its value and where it came from",
		Long: `config prints, for the command named after it, every flag, the value it would
have and where that came from: the command line (flag), a variable (env
RECONCILE_X), the config file (file PATH (key)) or the flag's default. The
command does not run. Flags of the command after its name are taken as it
would take them; --format and --config come before the name.

Each flag may be given on the command line, as a RECONCILE_ variable, or in
the YAML file of --config (or $RECONCILE_CONFIG), in that order of
precedence; see "Configuration" in README.md. A variable or key that names
no flag is an error (exit 2), here as for every command. config checks each
value as its flag's type would (a duration, a number), not what the command
then checks (a tolerance, a month); the command itself does, naming the
variable or key.`,
		Example:            configExample,
		DisableFlagParsing: true, // the command's flags follow its name
		RunE: func(cmd *cobra.Command, args []string) error {
			return showConfig(cmd, g, args)
		},
	}
}

// showConfig runs the named command in a fresh tree with --print-config: it
// takes its flags and layers as it would to run, and prints them instead.
func showConfig(cmd *cobra.Command, g *globals, args []string) error {
	fs := pflag.NewFlagSet("config", pflag.ContinueOnError)
	fs.SetInterspersed(false) // stop at the command's name
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", "")
	help := fs.BoolP("help", "h", false, "")
	passed := []string{"config", "log-format", "log-level"}
	for _, n := range passed {
		fs.String(n, "", "")
	}
	if err := fs.Parse(args); err != nil {
		return usageError{fmt.Errorf("config: %w", err)}
	}
	if *help {
		return cmd.Help()
	}
	if *format != "text" && *format != "json" {
		return usagef("--format %q: want text or json", *format)
	}
	rest := fs.Args()
	inner := newRoot(&globals{stdout: g.stdout, stderr: g.stderr})
	if len(rest) == 0 {
		return usageError{hinted{fmt.Errorf("config: name the command to show, one of %s", strings.Join(commandNames(inner), ", ")),
			"reconcile config run"}}
	}
	if target, _, err := inner.Find(rest); err != nil || target == inner || sectionCmd(inner, target.Name()) != target {
		return usagef("config: %q is not a command with flags; name one of %s", rest[0], strings.Join(commandNames(inner), ", "))
	}
	innerArgs := []string{"--print-config=" + *format}
	for _, n := range passed {
		if f := fs.Lookup(n); f.Changed {
			innerArgs = append(innerArgs, "--"+n+"="+f.Value.String())
		}
	}
	inner.SetArgs(append(innerArgs, rest...))
	inner.SetOut(g.stdout)
	inner.SetErr(g.stderr)
	return inner.ExecuteContext(cmd.Context())
}

// shownFlag is one line of `reconcile config`.
type shownFlag struct {
	Name   string `json:"name"`
	Value  any    `json:"value"` // the flag's text, or a list of them for a repeatable flag
	Source source `json:"source"`
	Env    string `json:"env,omitempty"`
	File   string `json:"file,omitempty"`
	Key    string `json:"key,omitempty"`
}

// show prints the flags of cmd as the layers left them.
func (l *configLayers) show(cmd *cobra.Command, args []string) error {
	var flags []shownFlag
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Name == "help" {
			return
		}
		o := l.origins[f.Name]
		sf := shownFlag{Name: f.Name, Source: o.Source, Env: o.Env, File: o.File, Key: o.Key}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			list := sv.GetSlice()
			if o.Source == fromArgs {
				list = append(list, args...)
			}
			if list == nil {
				list = []string{}
			}
			if isSecret(f) {
				list = redactAll(list)
			}
			sf.Value = list
		} else {
			sf.Value = f.Value.String()
		}
		if f.Name == "config" && o.Source == fromEnv {
			sf.Value = l.path
		}
		flags = append(flags, sf)
	})
	out := cmd.OutOrStdout()
	if l.print == "json" {
		doc := struct {
			Command    string      `json:"command"`
			ConfigFile string      `json:"config_file"`
			Flags      []shownFlag `json:"flags"`
		}{cmd.CommandPath(), l.path, flags}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	if l.print != "text" {
		return usagef("--print-config %q: want text or json", l.print)
	}
	file := "none"
	if l.path != "" {
		file = l.path + " (" + l.via + ")"
	}
	fmt.Fprintf(out, "%s\nconfig file: %s\n", cmd.CommandPath(), file)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "flag\tvalue\tfrom")
	for _, f := range flags {
		v := ""
		switch x := f.Value.(type) {
		case string:
			v = printable(x)
			if x == "" {
				v = `""`
			}
		case []string:
			b, _ := json.Marshal(x)
			v = string(b)
		}
		fmt.Fprintf(tw, "--%s\t%s\t%s\n", f.Name, v, l.origins[f.Name])
	}
	return tw.Flush()
}
