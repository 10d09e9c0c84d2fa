package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// chartTitle is the title of the Summary sheet's chart.
const chartTitle = "Discrepancy amount by category (credits)"

// axisFont is the chart's axis labels: darker than excelize's pale default,
// so they stay legible when printed.
var axisFont = excelize.Font{Color: "404040", Size: 9}

// addCategoryChart draws the amounts of the Summary's category table as a
// bar chart, one bar a category in the table's order, at column A of the
// row at. The table's header is on row header, its categories on the rows
// below it through last; the categories are column A and the amounts
// column C. The chart reads those cells, so it shows what the table shows.
func addCategoryChart(b *book, header, last, at int) error {
	ref := func(col string, from, to int) string {
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", summarySheet, col, from, col, to)
	}
	return b.f.AddChart(summarySheet, fmt.Sprintf("A%d", at), &excelize.Chart{
		Type: excelize.Bar, // horizontal bars, clustered: the labels stay readable
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$C$%d", summarySheet, header),
			Categories: ref("A", header+1, last),
			Values:     ref("C", header+1, last),
		}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: chartTitle}}},
		Legend:     excelize.ChartLegend{Position: "none"}, // one series, named by the title
		VaryColors: ptr(false),                             // one colour: the bars are one measure
		Dimension:  excelize.ChartDimension{Width: 760, Height: 340},
		Format:     excelize.GraphicOptions{AltText: chartTitle, OffsetX: 4},
		PlotArea: excelize.ChartPlotArea{
			ShowVal: true,
			NumFmt:  excelize.ChartNumFmt{CustomNumFmt: "0.00"},
		},
		// The first category on top, as in the table; the labels at the
		// left edge, clear of the bars of negative amounts.
		XAxis: excelize.ChartAxis{
			ReverseOrder:      true,
			TickLabelPosition: excelize.ChartTickLabelLow,
			Font:              axisFont,
		},
		YAxis: excelize.ChartAxis{
			MajorGridLines: true,
			NumFmt:         excelize.ChartNumFmt{CustomNumFmt: "0.00"},
			Font:           axisFont,
		},
	})
}
