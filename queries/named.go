package queries

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Named queries are the questions analysts ask often, kept in
// named/NAME.sql and run with `reconcile sql --query NAME`. Each file opens
// with a header of comment lines:
//
//	-- description: what the query answers, for --list
//	-- param: period YYYY-MM, or empty for all
//	-- param: limit=10 how many accounts to list
//
// A param line gives the parameter's name, an optional default after "=",
// and a help text; a comment line that starts with neither key continues the
// line before it. The SQL refers to a parameter as $NAME, and the caller
// binds every parameter by name (sql.Named): a value never becomes SQL text.
// Values arrive as text. A query that finds a value unusable stops with
// DuckDB's error() and a message that begins with "--param NAME=", which the
// command line reports as bad usage.
//
//go:embed named/*.sql
var namedFiles embed.FS

// NamedQuery is one named query.
type NamedQuery struct {
	Name        string // the file name without .sql
	Description string
	Params      []Param // in header order
	SQL         string  // the whole file, header included
}

// Param is a parameter of a named query.
type Param struct {
	Name       string
	Default    string
	HasDefault bool // false: the caller must give a value
	Help       string
}

// Param returns the parameter called name and whether the query has it.
func (q NamedQuery) Param(name string) (Param, bool) {
	for _, p := range q.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

var namedOnce = sync.OnceValues(loadNamed)

// Named returns the named query called name and whether there is one.
func Named(name string) (NamedQuery, bool) {
	m := mustNamed()
	i, ok := slices.BinarySearchFunc(m, name, func(q NamedQuery, name string) int {
		return strings.Compare(q.Name, name)
	})
	if !ok {
		return NamedQuery{}, false
	}
	return m[i], true
}

// NamedList returns every named query, sorted by name.
func NamedList() []NamedQuery {
	return slices.Clone(mustNamed())
}

// mustNamed returns the parsed named queries. The files are embedded and a
// test parses every one, so a malformed header is a programming error.
func mustNamed() []NamedQuery {
	m, err := namedOnce()
	if err != nil {
		panic(err)
	}
	return m
}

func loadNamed() ([]NamedQuery, error) {
	entries, err := fs.ReadDir(namedFiles, "named")
	if err != nil {
		return nil, err
	}
	var out []NamedQuery
	for _, e := range entries {
		b, err := namedFiles.ReadFile(path.Join("named", e.Name()))
		if err != nil {
			return nil, err
		}
		q, err := ParseNamed(strings.TrimSuffix(e.Name(), ".sql"), string(b))
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	slices.SortFunc(out, func(a, b NamedQuery) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

var (
	namedName  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	paramLine  = regexp.MustCompile(`^([a-z][a-z0-9_]*)(=(\S*))?(\s+(.*))?$`)
	paramInSQL = regexp.MustCompile(`\$([a-zA-Z_][a-zA-Z0-9_]*)`)
)

// ParseNamed reads the header of a named query's text and checks that the
// parameters it declares are exactly those the SQL uses.
func ParseNamed(name, text string) (NamedQuery, error) {
	q := NamedQuery{Name: name, SQL: text}
	fail := func(format string, args ...any) (NamedQuery, error) {
		return NamedQuery{}, fmt.Errorf("named query %s: %s", name, fmt.Sprintf(format, args...))
	}
	if !namedName.MatchString(name) {
		return fail("name: want lower case letters, digits and _")
	}
	var last *string // the text a continuation line extends
	lines := strings.Split(text, "\n")
	body := len(lines)
	for i, line := range lines {
		line = strings.TrimSpace(line)
		rest, isComment := strings.CutPrefix(line, "--")
		if !isComment {
			body = i
			break
		}
		rest = strings.TrimSpace(rest)
		switch {
		case strings.HasPrefix(rest, "description:"):
			if q.Description != "" {
				return fail("line %d: a second description", i+1)
			}
			q.Description = strings.TrimSpace(strings.TrimPrefix(rest, "description:"))
			last = &q.Description
		case strings.HasPrefix(rest, "param:"):
			m := paramLine.FindStringSubmatch(strings.TrimSpace(strings.TrimPrefix(rest, "param:")))
			if m == nil {
				return fail("line %d: want -- param: NAME[=DEFAULT] help", i+1)
			}
			if _, dup := q.Param(m[1]); dup {
				return fail("line %d: parameter %s declared twice", i+1, m[1])
			}
			q.Params = append(q.Params, Param{Name: m[1], Default: m[3], HasDefault: m[2] != "", Help: m[5]})
			last = &q.Params[len(q.Params)-1].Help
		case rest == "":
			last = nil
		case last != nil:
			*last = strings.TrimSpace(*last + " " + rest)
		}
	}
	if q.Description == "" {
		return fail("no -- description: line in the header")
	}
	used := map[string]bool{}
	for _, m := range paramInSQL.FindAllStringSubmatch(stripLiterals(strings.Join(lines[body:], "\n")), -1) {
		used[m[1]] = true
		if _, ok := q.Param(m[1]); !ok {
			return fail("the SQL uses $%s; the header declares no such parameter", m[1])
		}
	}
	for _, p := range q.Params {
		if !used[p.Name] {
			return fail("parameter %s is declared but the SQL never uses $%s", p.Name, p.Name)
		}
	}
	return q, nil
}

// stripLiterals blanks out comments and quoted text, so that a "$" inside a
// string or a comment is not taken for a parameter.
func stripLiterals(sql string) string {
	var b strings.Builder
	for i := 0; i < len(sql); i++ {
		switch c := sql[i]; {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(sql) && sql[j] != c {
				j++
			}
			i = j
			b.WriteByte(' ')
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
			b.WriteByte('\n')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
