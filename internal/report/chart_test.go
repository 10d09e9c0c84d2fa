package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

// The Summary's chart is drawn from the category table's own cells: the
// sheet's drawing holds it, and its series reads the table's columns A and C.
func TestSummaryChart(t *testing.T) {
	_, files := writeSample(t)
	pkg := files.Workbook

	if got, want := zipParts(t, pkg, "xl/charts/"), []string{"xl/charts/chart1.xml"}; !slices.Equal(got, want) {
		t.Fatalf("chart parts %q, want %q", got, want)
	}
	sheet := sheetPart(t, pkg, "Summary")
	drawing := relOfType(t, pkg, sheet, "/drawing")
	if want := fmt.Sprintf(`<drawing r:id="%s"`, drawing.ID); !strings.Contains(unzipPart(t, pkg, sheet), want) {
		t.Errorf("%s has no %s element", sheet, want)
	}
	chart := relOfType(t, pkg, drawing.Target, "/chart")
	if chart.Target != "xl/charts/chart1.xml" {
		t.Errorf("Summary's drawing points to %s, want xl/charts/chart1.xml", chart.Target)
	}
	if want := fmt.Sprintf(`r:id="%s"`, chart.ID); !strings.Contains(unzipPart(t, pkg, drawing.Target), want) {
		t.Errorf("%s does not place the chart %s", drawing.Target, want)
	}
	for _, other := range []string{"Daily", "Discrepancies", "Accounts", "Late", "Rejects"} {
		if strings.Contains(unzipPart(t, pkg, sheetPart(t, pkg, other)), "<drawing") {
			t.Errorf("sheet %s has a drawing, want the chart on Summary only", other)
		}
	}

	// Where the table is: the row under its "category" header, through the
	// last category.
	f := openBook(t, pkg)
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	header := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "category" }) + 1
	if header == 0 {
		t.Fatal("Summary has no category table")
	}
	first, last := header+1, header+len(sampleSummary().Categories)
	for i, c := range sampleSummary().Categories {
		if got := shown(t, f, "Summary", fmt.Sprintf("A%d", first+i)); got != c.Category {
			t.Errorf("Summary!A%d = %q, want %q", first+i, got, c.Category)
		}
	}

	// A row break before the "Discrepancies by category" heading (row
	// header-1) prints the table and the chart on a page of their own; brk
	// ids name the last row before the break.
	if want := fmt.Sprintf(`<brk id="%d"`, header-2); !strings.Contains(unzipPart(t, pkg, sheet), want) {
		t.Errorf("%s has no page break %s before the category table", sheet, want)
	}

	c := readChart(t, unzipPart(t, pkg, chart.Target))
	want := []string{
		fmt.Sprintf("'Summary'!$C$%d", header),
		fmt.Sprintf("'Summary'!$A$%d:$A$%d", first, last),
		fmt.Sprintf("'Summary'!$C$%d:$C$%d", first, last),
	}
	if !slices.Equal(c.refs, want) {
		t.Errorf("chart references %q, want the series name, categories and amounts %q", c.refs, want)
	}
	if c.barDir != "bar" || c.grouping != "clustered" {
		t.Errorf("chart is %s %s, want clustered bar", c.grouping, c.barDir)
	}
	if !slices.Contains(c.texts, chartTitle) {
		t.Errorf("chart texts %q, want the title %q", c.texts, chartTitle)
	}
}

// chartXML is what a test reads of a chart part.
type chartXML struct {
	refs             []string // the cell ranges it reads (<c:f>), in order
	barDir, grouping string
	texts            []string // its text runs (<a:t>): the title
}

// readChart reads a chart part by element names, whatever prefix the
// writer gave their namespaces.
func readChart(t *testing.T, part string) chartXML {
	t.Helper()
	const (
		nsChart   = "http://schemas.openxmlformats.org/drawingml/2006/chart"
		nsDrawing = "http://schemas.openxmlformats.org/drawingml/2006/main"
	)
	var c chartXML
	d := xml.NewDecoder(strings.NewReader(part))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return c
		}
		if err != nil {
			t.Fatalf("chart XML: %v", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		val := func() string {
			for _, a := range el.Attr {
				if a.Name.Local == "val" {
					return a.Value
				}
			}
			return ""
		}
		text := func() string {
			var s string
			if err := d.DecodeElement(&s, &el); err != nil {
				t.Fatal(err)
			}
			return s
		}
		switch el.Name {
		case xml.Name{Space: nsChart, Local: "f"}:
			c.refs = append(c.refs, text())
		case xml.Name{Space: nsChart, Local: "barDir"}:
			c.barDir = val()
		case xml.Name{Space: nsChart, Local: "grouping"}:
			c.grouping = val()
		case xml.Name{Space: nsDrawing, Local: "t"}:
			c.texts = append(c.texts, text())
		}
	}
}
