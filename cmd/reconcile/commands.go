package main

import "github.com/spf13/cobra"

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
