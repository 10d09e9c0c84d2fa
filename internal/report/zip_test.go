package report

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"path"
	"strings"
	"testing"
)

// unzipPart reads one part of an xlsx package.
func unzipPart(t *testing.T, pkg, name string) string {
	t.Helper()
	z, err := zip.OpenReader(pkg)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	f, err := z.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// zipParts lists the parts of an xlsx package under the folder prefix.
func zipParts(t *testing.T, pkg, prefix string) []string {
	t.Helper()
	z, err := zip.OpenReader(pkg)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var names []string
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, prefix) {
			names = append(names, f.Name)
		}
	}
	return names
}

// relationship is one entry of a package's .rels part.
type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

// rels reads the relationships of the part named part, their targets
// resolved to part names.
func rels(t *testing.T, pkg, part string) []relationship {
	t.Helper()
	dir, base := path.Split(part)
	var doc struct {
		Rels []relationship `xml:"Relationship"`
	}
	if err := xml.Unmarshal([]byte(unzipPart(t, pkg, dir+"_rels/"+base+".rels")), &doc); err != nil {
		t.Fatal(err)
	}
	for i, r := range doc.Rels {
		if strings.HasPrefix(r.Target, "/") {
			doc.Rels[i].Target = strings.TrimPrefix(r.Target, "/")
		} else {
			doc.Rels[i].Target = path.Join(dir, r.Target)
		}
	}
	return doc.Rels
}

// relOfType is the one relationship of part whose type ends with kind
// ("/drawing", "/chart").
func relOfType(t *testing.T, pkg, part, kind string) relationship {
	t.Helper()
	var found []relationship
	for _, r := range rels(t, pkg, part) {
		if strings.HasSuffix(r.Type, kind) {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s has %d %s relationships, want 1", part, len(found), kind)
	}
	return found[0]
}

// sheetPart is the part name of the sheet named sheet.
func sheetPart(t *testing.T, pkg, sheet string) string {
	t.Helper()
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal([]byte(unzipPart(t, pkg, "xl/workbook.xml")), &wb); err != nil {
		t.Fatal(err)
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels(t, pkg, "xl/workbook.xml") {
			if r.ID == s.RID {
				return r.Target
			}
		}
	}
	t.Fatalf("no sheet %s in the workbook", sheet)
	return ""
}
