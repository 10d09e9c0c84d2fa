package report

import "testing"

func TestNeutralize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain", "ev-1", "ev-1"},
		{"equals", `=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`},
		{"plus", "+1", "'+1"},
		{"minus", "-2", "'-2"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\tx", "'\tx"},
		{"carriage return", "\rx", "'\rx"},
		{"lone equals", "=", "'="},
		{"equals inside", "a=b", "a=b"},
		{"leading space", " =1", " =1"},
		{"leading newline", "\n=1", "'\n=1"},
		{"fullwidth equals", "＝1+1", "＝1+1"},
		{"zero-width space first", "\u200b=1+1", "\u200b=1+1"},
		{"already quoted", "'=1", "'=1"},
		{"unicode", "été", "été"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Neutralize(tt.in); got != tt.want {
				t.Errorf("Neutralize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
