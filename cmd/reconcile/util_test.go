package main

import "testing"

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"evt-1", "evt-1"},
		{"=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")"},
		{"café", "café"},
		{"x\x1b[2J", `"x\x1b[2J"`},
		{"a\nb", `"a\nb"`},
		{"bell\a", `"bell\a"`},
		{"bidi\u202e", `"bidi\u202e"`},
	}
	for _, tc := range tests {
		if got := printable(tc.in); got != tc.want {
			t.Errorf("printable(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
