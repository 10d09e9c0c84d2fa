package gen

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/reconcile/reconcile/internal/pricing"
)

// WriteCSV writes the render log that c describes to w as CSV with a header
// row (see [Columns]), streaming it as it is drawn. It returns what it
// wrote; on an error, Stats counts the rows written before it.
func WriteCSV(w io.Writer, c Config) (Stats, error) {
	if err := c.Validate(); err != nil {
		return Stats{}, err
	}
	g := newGenerator(c)
	cw := csv.NewWriter(w)
	var rec [len(columns)]string
	g.emit = func(r *row) error { return cw.Write(g.record(r, rec[:])) }
	err := cw.Write(columns[:])
	if err == nil {
		err = g.run()
	}
	if err == nil {
		cw.Flush()
		err = cw.Error()
	}
	if err != nil {
		return g.stats, fmt.Errorf("gen: write csv: %w", err)
	}
	return g.stats, nil
}

// record fills rec with r's cells in column order and returns it.
func (g *generator) record(r *row, rec []string) []string {
	e := &r.ev
	rec[0] = r.id
	rec[1] = "vid-" + g.idPrefix + "-" + strconv.Itoa(r.video)
	rec[2] = g.accounts[r.account]
	rec[3] = r.stamp
	rec[4] = e.Kind.String()
	rec[5] = e.Media.String()
	rec[6] = e.Model.String()
	rec[7] = e.Actor.String()
	if r.blankActor {
		rec[7] = ""
	}
	rec[8] = strconv.FormatBool(e.IsAd)
	rec[9], rec[10] = "", ""
	if e.Kind == pricing.KindEditImage {
		rec[10] = strconv.FormatInt(e.Images, 10)
	} else {
		rec[9] = strconv.FormatInt(e.DurationMS, 10)
	}
	rec[11], rec[12] = r.credits, r.minutes
	return rec
}
