package queries

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryNameExists finds each call of queries.Get in the module's Go
// code and checks that name.sql exists, so a typo fails here rather than as
// a panic in a run.
func TestEveryNameExists(t *testing.T) {
	re := regexp.MustCompile(`queries\.Get\("([a-z_0-9]+)"\)`)
	found := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "tmp" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			found++
			if _, ok := Lookup(m[1]); !ok {
				t.Errorf("%s uses query %q; there is no queries/%s.sql", path, m[1], m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 10 {
		t.Errorf("found only %d uses of queries.Get; is the pattern still right?", found)
	}
}

func TestStatements(t *testing.T) {
	got := Statements("-- a comment\nSELECT 1\n;\n-- only a comment\n;\nSELECT 2\n")
	if len(got) != 2 || got[0] != "-- a comment\nSELECT 1" || got[1] != "SELECT 2" {
		t.Errorf("Statements = %q", got)
	}
}
