package main

import (
	"fmt"
	"slices"

	"github.com/agnivade/levenshtein"
	"github.com/spf13/cobra"
)

// subcommand returns root's command called name, or nil.
func subcommand(root *cobra.Command, name string) *cobra.Command {
	for _, c := range root.Commands() {
		if c.Name() == name {
			return c
		}
	}
	return nil
}

// sectionCmd is the command a section of the config file is for: a
// command of root by name.
func sectionCmd(root *cobra.Command, name string) *cobra.Command {
	if c := subcommand(root, name); c != nil && c.RunE != nil && !c.DisableFlagParsing {
		return c
	}
	return nil
}

// isSection says whether name is a section of the config file.
func isSection(root *cobra.Command, name string) bool { return sectionCmd(root, name) != nil }

// commandNames are the commands the config file may have a section for.
func commandNames(root *cobra.Command) []string {
	var names []string
	for _, c := range root.Commands() {
		if sectionCmd(root, c.Name()) != nil {
			names = append(names, c.Name())
		}
	}
	return names
}

// didYouMean suggests the nearest of names to s, when one is near.
func didYouMean(s string, names []string) string {
	best, dist := "", 3
	for _, n := range slices.Sorted(slices.Values(names)) {
		if d := levenshtein.ComputeDistance(s, n); d < dist {
			best, dist = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}
