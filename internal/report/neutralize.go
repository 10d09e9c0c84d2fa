package report

// formulaLike reports whether a spreadsheet would take the text s for a
// formula (SPEC §7): it starts with "=", "+", "-", "@", a tab, a carriage
// return or a line feed (the two line ends alike: a tool that trims a
// leading line end would find "=" next). Look-alikes are text: Excel,
// LibreOffice and Google Sheets start a formula only with the ASCII
// characters, so a fullwidth "＝" or a zero-width space before "=" is not
// prefixed (README "Bad input").
func formulaLike(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return true
	}
	return false
}

// Neutralize returns the text s as it is written to a CSV file: prefixed with
// a single quote when a spreadsheet would otherwise run it as a formula
// (SPEC §7), as OWASP advises against CSV injection. Only text goes through
// it; numbers are written as they are. It is exported so that every CSV the
// product writes (the reports, `reconcile sql --format csv`) follows one rule.
func Neutralize(s string) string {
	if formulaLike(s) {
		return "'" + s
	}
	return s
}
