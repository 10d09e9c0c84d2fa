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
// sheet's drawing holds it, and its two series, one per direction in its
// own colour, read the table's labels (column A) and its amounts split by
// who owes them (columns F and G).
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
	for _, other := range []string{"Patterns", "Run", "Daily", "Discrepancies", "Accounts", "Late", "Bridge", "Adjustments", "Rejects"} {
		if strings.Contains(unzipPart(t, pkg, sheetPart(t, pkg, other)), "<drawing") {
			t.Errorf("sheet %s has a drawing, want the chart on Summary only", other)
		}
	}

	// Where the table is: the rows under its header, through the last
	// category.
	f := openBook(t, pkg)
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	header := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "Discrepancies by category" }) + 1
	if header == 0 {
		t.Fatal("Summary has no category table")
	}
	cats := sampleSummary().Categories
	first, last := header+1, header+len(cats)
	for i, c := range cats {
		row := first + i
		if got, want := shown(t, f, "Summary", fmt.Sprintf("A%d", row)), categoryLabels[c.Category]; got != want {
			t.Errorf("Summary!A%d = %q, want %q", row, got, want)
		}
		// Each amount is in the series of its direction, and only there.
		toCustomers, toUs := rawValue(t, f, "Summary", fmt.Sprintf("F%d", row)), rawValue(t, f, "Summary", fmt.Sprintf("G%d", row))
		amount := c.Amount.InexactFloat64()
		switch {
		case amount > 0 && (toCustomers != rawValue(t, f, "Summary", fmt.Sprintf("C%d", row)) || toUs != ""):
			t.Errorf("%s (%v): owed to customers %q, owed to us %q; want the amount in F alone", c.Category, amount, toCustomers, toUs)
		case amount < 0 && (toUs != rawValue(t, f, "Summary", fmt.Sprintf("C%d", row)) || toCustomers != ""):
			t.Errorf("%s (%v): owed to customers %q, owed to us %q; want the amount in G alone", c.Category, amount, toCustomers, toUs)
		case amount == 0 && (toUs != "" || toCustomers != ""):
			t.Errorf("%s: owed to customers %q, owed to us %q; want no bar", c.Category, toCustomers, toUs)
		}
	}
	if got := []string{shown(t, f, "Summary", fmt.Sprintf("F%d", header)), shown(t, f, "Summary", fmt.Sprintf("G%d", header))}; !slices.Equal(got, []string{"owed to customers", "owed to us"}) {
		t.Errorf("series names %q, want owed to customers, owed to us", got)
	}

	// The first printed page ends below the table's total row; the chart
	// starts the second.
	if want := fmt.Sprintf(`<brk id="%d"`, last+1); !strings.Contains(unzipPart(t, pkg, sheet), want) {
		t.Errorf("%s has no page break %s after the category table", sheet, want)
	}

	c := readChart(t, unzipPart(t, pkg, chart.Target))
	want := []string{
		fmt.Sprintf("'Summary'!$F$%d", header),
		fmt.Sprintf("'Summary'!$A$%d:$A$%d", first, last),
		fmt.Sprintf("'Summary'!$F$%d:$F$%d", first, last),
		fmt.Sprintf("'Summary'!$G$%d", header),
		fmt.Sprintf("'Summary'!$A$%d:$A$%d", first, last),
		fmt.Sprintf("'Summary'!$G$%d:$G$%d", first, last),
	}
	if !slices.Equal(c.refs, want) {
		t.Errorf("chart references %q, want each series' name, categories and amounts %q", c.refs, want)
	}
	if c.barDir != "bar" || c.grouping != "clustered" || c.overlap != "100" {
		t.Errorf("chart is %s %s, overlap %q; want clustered bar, the series overlapping (100)", c.grouping, c.barDir, c.overlap)
	}
	if want := []string{owedToCustomersColor, owedToUsColor}; !slices.Equal(c.colors, want) {
		t.Errorf("series colours %q, want %q", c.colors, want)
	}
	if len(c.colors) == 2 && c.colors[0] == c.colors[1] {
		t.Errorf("both directions are %s, want two colours", c.colors[0])
	}
	if !slices.Contains(c.texts, chartTitle) {
		t.Errorf("chart texts %q, want the title %q", c.texts, chartTitle)
	}
}

// chartXML is what a test reads of a chart part.
type chartXML struct {
	refs                      []string // the cell ranges it reads (<c:f>), in order
	barDir, grouping, overlap string
	colors                    []string // each series' fill (<c:ser><c:spPr><a:solidFill><a:srgbClr>), in order
	texts                     []string // its text runs (<a:t>): the title
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
	var path []string // the local names of the open elements
	d := xml.NewDecoder(strings.NewReader(part))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return c
		}
		if err != nil {
			t.Fatalf("chart XML: %v", err)
		}
		if _, ok := tok.(xml.EndElement); ok {
			path = path[:len(path)-1]
			continue
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		path = append(path, el.Name.Local)
		if len(path) >= 4 && slices.Equal(path[len(path)-4:], []string{"ser", "spPr", "solidFill", "srgbClr"}) {
			for _, a := range el.Attr {
				if a.Name.Local == "val" {
					c.colors = append(c.colors, a.Value)
				}
			}
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
			path = path[:len(path)-1] // DecodeElement read its end
			return s
		}
		switch el.Name {
		case xml.Name{Space: nsChart, Local: "f"}:
			c.refs = append(c.refs, text())
		case xml.Name{Space: nsChart, Local: "barDir"}:
			c.barDir = val()
		case xml.Name{Space: nsChart, Local: "grouping"}:
			c.grouping = val()
		case xml.Name{Space: nsChart, Local: "overlap"}:
			c.overlap = val()
		case xml.Name{Space: nsDrawing, Local: "t"}:
			c.texts = append(c.texts, text())
		}
	}
}
