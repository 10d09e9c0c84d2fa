package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// chartTitle is the title of the Summary sheet's chart.
const chartTitle = "Discrepancy amount by category (credits)"

// The chart's two colours, one per direction: blue for what customers are
// owed back, red for what they owe us, as a negative credit cell is red.
const (
	owedToCustomersColor = "2F5597"
	owedToUsColor        = "C00000"
)

// chartRows is how many sheet rows the chart may cover: 340 px is 17 of
// Excel's 20 px rows, and 20 of LibreOffice's 17 px ones. The rows below
// start clear of it.
const chartRows = 21

// axisFont is the chart's axis labels: darker than excelize's pale default,
// so they stay legible when printed.
var axisFont = excelize.Font{Color: "404040", Size: 9}

// addCategoryChart draws the amounts of the Summary's category table as a
// bar chart, one bar a category in the table's order, coloured by who owes
// it, at column A of the row at. The table's header is on row header, its
// categories on the rows below it through last: their labels are column A,
// and the amounts split by direction columns F (owed to customers) and G
// (owed to us), each amount in one of them. The chart reads those cells, so
// it shows what the table shows.
//
// excelize colours data points one by one only in pie and doughnut charts,
// so each direction is a series of its own, the bars of both overlapping
// fully: one bar a category, in its direction's colour.
func addCategoryChart(b *book, header, last, at int) error {
	col := func(c int) string { name, _ := excelize.ColumnNumberToName(c + 1); return name }
	ref := func(c, from, to int) string {
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", summarySheet, col(c), from, col(c), to)
	}
	series := func(c int, color string) excelize.ChartSeries {
		return excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$%d", summarySheet, col(c), header),
			Categories: ref(labelCol, header+1, last),
			Values:     ref(c, header+1, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
		}
	}
	return b.f.AddChart(summarySheet, fmt.Sprintf("A%d", at), &excelize.Chart{
		Type: excelize.Bar, // horizontal bars: the labels stay readable
		Series: []excelize.ChartSeries{
			series(refundCol, owedToCustomersColor),
			series(rebillCol, owedToUsColor),
		},
		Overlap:    ptr(100), // one bar a category: the other series is empty there
		GapWidth:   ptr(uint(60)),
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: chartTitle}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		VaryColors: ptr(false), // a colour is a direction, not a category
		Dimension:  excelize.ChartDimension{Width: 760, Height: 340},
		Format:     excelize.GraphicOptions{AltText: chartTitle, OffsetX: 4},
		PlotArea: excelize.ChartPlotArea{
			ShowVal: true,
			NumFmt:  excelize.ChartNumFmt{CustomNumFmt: "#,##0.00"},
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
			NumFmt:         excelize.ChartNumFmt{CustomNumFmt: "#,##0"},
			Font:           axisFont,
		},
	})
}
