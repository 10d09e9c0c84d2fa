package main

import (
	"runtime"

	"github.com/duckdb/duckdb-go/v2/mapping"
)

// versionTemplate returns what --version prints: reconcile's version, then
// the Go toolchain and the DuckDB library it was built with, for a bug
// report. DuckDB's version comes from the linked library itself
// (duckdb_library_version), so no database is opened.
func versionTemplate() string {
	return "{{.Name}} {{.Version}}\n" +
		"go " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n" +
		"duckdb " + mapping.LibraryVersion() + "\n"
}
