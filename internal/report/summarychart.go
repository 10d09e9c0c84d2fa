package report

import "github.com/shopspring/decimal"

// The SVG chart of summary.html: one horizontal bar per category, from a
// zero line, to the right for what customers are owed back and to the left
// for what they owe us, in the colours of the workbook's chart. Geometry
// in the SVG's own units (its viewBox), which the page scales to its
// width.
const (
	chartWidth    = 520.0
	chartLabelEnd = 124.0 // labels end here, right-aligned
	chartBarsFrom = 196.0 // the bars' span, with room on both sides for the amounts
	chartBarsTo   = 452.0
	chartRow      = 28.0
	chartBar      = 16.0
	chartTop      = 8.0
	chartLegend   = 36.0 // below the rows
)

// htmlChart is the chart as summary.html draws it.
type htmlChart struct {
	Width, Height  float64
	Zero           float64 // x of the zero line
	ZeroTop        float64
	ZeroBottom     float64
	Bars           []htmlBar
	LegendY        float64
	Refund, Rebill string // the two colours, "#2F5597"
}

// htmlBar is one category's bar; Width is 0 for a zero amount.
type htmlBar struct {
	Label, Amount   string
	Y, TextY        float64
	X, Width        float64
	ValueX          float64
	ValueAnchor     string // start: right of the bar; end: left of it
	Colour          string
	OwedToCustomers bool
}

// categoryChart lays out the bars of the categories. The pixel positions
// are floats; the amounts they stand for stay decimals, shown as the
// workbook shows them.
func categoryChart(cats []CategoryTotal) htmlChart {
	c := htmlChart{Width: chartWidth, Refund: "#" + owedToCustomersColor, Rebill: "#" + owedToUsColor}
	var most, least decimal.Decimal // the largest amount each way (least ≤ 0)
	for _, ct := range cats {
		a := ct.Amount.Round(2)
		most, least = decimal.Max(most, a), decimal.Min(least, a)
	}
	span := most.Sub(least)
	scale := 0.0
	c.Zero = (chartBarsFrom + chartBarsTo) / 2
	if span.IsPositive() {
		scale = (chartBarsTo - chartBarsFrom) / span.InexactFloat64()
		c.Zero = chartBarsFrom + least.Neg().InexactFloat64()*scale
	}
	for i, ct := range cats {
		a := ct.Amount.Round(2)
		y := chartTop + float64(i)*chartRow
		b := htmlBar{Label: categoryLabel(ct.Category), Amount: creditsText(a), Y: y + (chartRow-chartBar)/2,
			TextY: y + chartRow/2 + 4, X: c.Zero, ValueX: c.Zero + 6, ValueAnchor: "start"}
		w := a.Abs().InexactFloat64() * scale
		switch direction(a) {
		case owedToCustomers:
			b.Width, b.Colour, b.OwedToCustomers = w, c.Refund, true
			b.ValueX = c.Zero + w + 6
		case owedToUs:
			b.X, b.Width, b.Colour = c.Zero-w, w, c.Rebill
			b.ValueX, b.ValueAnchor = c.Zero-w-6, "end"
		}
		c.Bars = append(c.Bars, b)
	}
	rows := float64(len(cats)) * chartRow
	c.ZeroTop, c.ZeroBottom = chartTop, chartTop+rows
	c.LegendY = chartTop + rows + 22
	c.Height = chartTop + rows + chartLegend
	return c
}
