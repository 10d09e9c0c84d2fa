package queries

import "testing"

func TestLiteral(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/tmp/a.csv", "'/tmp/a.csv'"},
		{"it's", "'it''s'"},
		{"x'); DROP TABLE t; --", "'x''); DROP TABLE t; --'"},
		{"", "''"},
	}
	for _, tt := range tests {
		if got := Literal(tt.in); got != tt.want {
			t.Errorf("Literal(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
