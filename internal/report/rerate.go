package report

import (
	"fmt"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"github.com/reconcile/reconcile/internal/atomicfs"
)

// The names of the reports of a re-rating.
const (
	rerateBookName     = "rerate.xlsx"
	rerateAccountsName = "rerate_accounts.csv"
	rerateEventsName   = "rerate_events.csv"
)

// RerateFiles are the paths of the reports WriteRerate published.
type RerateFiles struct {
	Workbook string // rerate.xlsx
	Accounts string // rerate_accounts.csv
	Events   string // rerate_events.csv
	Summary  string // summary.json
}

// All lists the paths, workbook first, summary.json last.
func (f RerateFiles) All() []string {
	return []string{f.Workbook, f.Accounts, f.Events, f.Summary}
}

// WriteRerate writes the reports of a re-rating into the folder dir,
// creating it if needed, and returns their paths: rerate.xlsx (the sheets
// Summary, Accounts and Events), rerate_accounts.csv and rerate_events.csv.
// Each row sequence of r is read exactly once; a nil sequence is an empty
// list. Beside them it writes summary.json ([RerateDoc]). As with Write,
// the reports replace those already in dir only when all of them are
// complete.
func WriteRerate(dir string, r Rerate) (RerateFiles, error) {
	err := writeReports(dir, rerateBookName, func(st *atomicfs.Files, b *book) error {
		if err := writeRerateSummary(b, r); err != nil {
			return wrapSheet(b, summarySheet, err)
		}
		if err := writeList(st, b, rerateAccountTable, r.Accounts); err != nil {
			return err
		}
		if err := writeList(st, b, rerateEventTable, r.Events); err != nil {
			return err
		}
		doc, err := encodeDoc(NewRerateDoc(r, []string{rerateBookName, rerateAccountsName, rerateEventsName}))
		if err != nil {
			return fmt.Errorf("write %s: %w", SummaryJSONName, err)
		}
		return stageFile(st, SummaryJSONName, doc)
	})
	if err != nil {
		return RerateFiles{}, err
	}
	return RerateFiles{
		Workbook: filepath.Join(dir, rerateBookName),
		Accounts: filepath.Join(dir, rerateAccountsName),
		Events:   filepath.Join(dir, rerateEventsName),
		Summary:  filepath.Join(dir, SummaryJSONName),
	}, nil
}

// writeRerateSummary writes the Summary sheet of rerate.xlsx: which run
// re-priced which window with which books, and what that changed.
func writeRerateSummary(b *book, r Rerate) error {
	w, err := b.newSheet(summarySheet)
	if err != nil {
		return err
	}
	w.line(spill{excelize.Cell{StyleID: b.title, Value: "Re-rating report"}})
	w.skip()
	w.heading("Run")
	w.text("run id", r.RunID)
	w.text("started (UTC)", rfc3339(r.Started))
	w.text("window", r.Window)
	w.skip()

	w.heading("Price books")
	w.items("old price book sha256", r.OldBooks)
	w.text("new price book", r.NewBook)
	w.text("new price book sha256", r.NewBookHash)
	w.skip()

	w.heading("Events")
	w.pair("events examined", b.cell(integer(r.Examined)))
	w.pair("events changed", b.cell(integer(r.Changed)))
	w.skip()

	w.heading("Expected credits")
	w.pair("old expected credits", b.cell(credits(r.OldExpected)))
	w.pair("new expected credits", b.cell(credits(r.NewExpected)))
	w.pair("change, new − old (credits)", b.cell(credits(r.NewExpected.Sub(r.OldExpected))))
	return w.done()
}

var rerateAccountTable = table[RerateAccount]{csv: rerateAccountsName, sheet: "Accounts", cols: []column{
	{"account_id", 18},
	{"events_changed", 15},
	{"old_expected_credits", 21},
	{"new_expected_credits", 21},
	{"change_credits", 15},
	{"old_video_minutes", 18},
	{"new_video_minutes", 18},
}, row: rerateAccountRow}

func rerateAccountRow(a RerateAccount) []value {
	return []value{
		text(a.AccountID),
		integer(a.Events),
		credits(a.OldExpected),
		credits(a.NewExpected),
		credits(a.Change),
		integer(a.OldMinutes),
		integer(a.NewMinutes),
	}
}

var rerateEventTable = table[RerateEvent]{csv: rerateEventsName, sheet: "Events", cols: []column{
	{"event_id", 24},
	{"account_id", 18},
	{"created_at", 20},
	{"old_version", 12},
	{"new_version", 12},
	{"old_expected_credits", 21},
	{"new_expected_credits", 21},
	{"change_credits", 15},
	{"old_video_minutes", 18},
	{"new_video_minutes", 18},
}, row: rerateEventRow}

func rerateEventRow(e RerateEvent) []value {
	return []value{
		text(e.EventID),
		text(e.AccountID),
		timestamp(e.CreatedAt),
		text(e.OldVersion),
		text(e.NewVersion),
		credits(e.OldExpected),
		credits(e.NewExpected),
		credits(e.Change),
		integer(e.OldMinutes),
		integer(e.NewMinutes),
	}
}
