// Command reconcile reprices render logs exactly, stores them in DuckDB and
// reports every difference from what was charged. See README.md and
// SPEC §8 for the commands.
package main

import (
	"os"
)

// version is stamped by the Makefile (-ldflags -X main.version=...).
var version = "dev"

func main() {
	mainExit(Main())
}

// mainExit is os.Exit; only main and the test harness call it.
var mainExit = os.Exit
