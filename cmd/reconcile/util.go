package main

import (
	"bytes"
	"io"
	"strconv"
	"unicode"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// printable returns s as it is when every rune prints, else quoted with Go
// escapes, so that an id from a hostile file cannot move the cursor, clear
// the screen or hide text on a terminal.
func printable(s string) string {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}
