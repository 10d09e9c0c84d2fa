package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/queries"
)

// flagValues are the values shell completion offers for a flag, by the
// command that has it ("" for the root's persistent flags). A flag a
// command does not have (yet) is left alone.
var flagValues = []struct {
	command, flag string
	values        []cobra.Completion
}{
	{"", "log-format", []cobra.Completion{"text", "json"}},
	{"", "log-level", []cobra.Completion{"debug", "info", "warn", "error"}},
	{"sql", "format", []cobra.Completion{
		cobra.CompletionWithDesc("table", "aligned columns"),
		cobra.CompletionWithDesc("csv", "with a header row"),
		cobra.CompletionWithDesc("json", "one array of objects")}},
	{"gen", "format", []cobra.Completion{"csv", "csv.gz", "parquet"}},
	{"status", "format", []cobra.Completion{"text", "json"}},
}

// completeFlagValues registers the completions of flag values: the fixed
// lists of flagValues, and the named queries for `sql --query`. Shell
// completion comes from cobra's `reconcile completion bash|zsh|fish|powershell`.
func completeFlagValues(root *cobra.Command) {
	for _, fv := range flagValues {
		cmd := root
		if fv.command != "" {
			if cmd = subcommand(root, fv.command); cmd == nil {
				continue
			}
		}
		if cmd.Flags().Lookup(fv.flag) == nil && cmd.PersistentFlags().Lookup(fv.flag) == nil {
			continue
		}
		_ = cmd.RegisterFlagCompletionFunc(fv.flag, cobra.FixedCompletions(fv.values, cobra.ShellCompDirectiveNoFileComp))
	}
	if sql := subcommand(root, "sql"); sql != nil && sql.Flags().Lookup("query") != nil {
		_ = sql.RegisterFlagCompletionFunc("query", completeNamedQuery)
	}
}

// completeNamedQuery offers the named queries of `sql --query`, each with
// its description.
func completeNamedQuery(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var names []cobra.Completion
	for _, q := range queries.NamedList() {
		if strings.HasPrefix(q.Name, toComplete) {
			names = append(names, cobra.CompletionWithDesc(q.Name, headline(q.Description)))
		}
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

// headline is the start of a description, up to its first pause, short
// enough for a shell's completion menu.
func headline(s string) string {
	if i := strings.IndexAny(s, ".:;(,"); i > 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}
