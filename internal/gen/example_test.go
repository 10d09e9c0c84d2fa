package gen_test

import (
	"fmt"
	"os"
	"time"

	"github.com/reconcile/reconcile/internal/gen"
)

func ExampleWriteCSV() {
	c := gen.Config{
		Events:    4,
		Accounts:  3,
		Seed:      1,
		ErrorRate: 0,
		Month:     time.Date(2026, time.October, 1, 0, 0, 0, 0, time.UTC),
	}
	s, err := gen.WriteCSV(os.Stdout, c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d rows, %d events, %d faulty\n", s.Rows, s.Events, s.Faulty())
	// Output:
	// event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes
	// evt-910a2dec-1,vid-910a2dec-1,acct-0001,2026-10-02T13:16:45.759Z,render,stock,,human,false,18417,,5.00,1
	// evt-910a2dec-2,vid-910a2dec-2,acct-0002,2026-10-16T11:02:05.820+02:00,render,generative,pro,none,false,72236,,24.33,0
	// evt-910a2dec-3,vid-910a2dec-3,acct-0003,2026-10-17T17:16:12.090Z,render,generative,pro,none,true,55535,,18.67,0
	// evt-910a2dec-4,vid-910a2dec-4,acct-0001,2026-10-26T18:49:06.492Z,render,stock,,none,false,170683,,0.00,3
	// 4 rows, 4 events, 0 faulty
}

// The ledger of the log above: one row per charged event, billing what the
// log's inline columns say, a few seconds after the event.
func ExampleWriteLedger() {
	c := gen.Config{
		Events:    4,
		Accounts:  3,
		Seed:      1,
		ErrorRate: 0,
		Month:     time.Date(2026, time.October, 1, 0, 0, 0, 0, time.UTC),
	}
	s, err := gen.WriteLedger(os.Stdout, c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d rows for %d events, %d orphans\n", s.Rows, s.Charged, s.Injected[gen.OrphanCharge])
	// Output:
	// txn_id,event_id,account_id,charged_at,credits,video_minutes
	// txn-910a2dec-1,evt-910a2dec-1,acct-0001,2026-10-02T13:17:03.555Z,5.00,1
	// txn-910a2dec-2,evt-910a2dec-2,acct-0002,2026-10-16 09:02:23,24.33,0
	// txn-910a2dec-3,evt-910a2dec-3,acct-0003,2026-10-17T17:16:35.573Z,18.67,0
	// txn-910a2dec-4,evt-910a2dec-4,acct-0001,2026-10-26T18:49:12.882Z,0.00,3
	// 4 rows for 4 events, 0 orphans
}
