package report

// The columns and rows of the three lists. Each list is one table with two
// renderings, a CSV file and a sheet; the columns are defined once here.

var discrepancyColumns = []column{
	{"event_id", 24},
	{"account_id", 18},
	{"created_at", 20},
	{"category", 18},
	{"expected_credits", 17},
	{"charged_credits", 16},
	{"diff_credits", 13},
	{"expected_video_minutes", 23},
	{"charged_video_minutes", 22},
	{"detail", 72},
	{"source_file", 46},
	{"row_number", 12},
}

func discrepancyRow(d Discrepancy) []value {
	return []value{
		text(d.EventID),
		text(d.AccountID),
		timestamp(d.CreatedAt),
		text(d.Category),
		credits(d.ExpectedCredits),
		creditsOrNull(d.ChargedCredits),
		credits(d.DiffCredits),
		integer(d.ExpectedMinutes),
		integerOrNull(d.ChargedMinutes),
		text(d.Detail),
		text(d.SourceFile),
		rowNumber(d.RowNumber),
	}
}

var accountColumns = []column{
	{"account_id", 18},
	{"events", 10},
	{"expected_credits", 17},
	{"charged_credits", 16},
	{"diff_credits", 13},
	{"expected_video_minutes", 23},
	{"charged_video_minutes", 22},
	{"to_refund", 12},
	{"to_rebill", 12},
	{"discrepancies", 14},
}

func accountRow(a Account) []value {
	return []value{
		text(a.AccountID),
		integer(a.Events),
		credits(a.ExpectedCredits),
		credits(a.ChargedCredits),
		credits(a.DiffCredits),
		integer(a.ExpectedMinutes),
		integer(a.ChargedMinutes),
		credits(a.ToRefund),
		credits(a.ToRebill),
		integer(a.Discrepancies),
	}
}

var rejectColumns = []column{
	{"source_file", 46},
	{"row_number", 12},
	{"event_id", 24},
	{"reason", 22},
	{"message", 70},
	{"raw", 60},
}

func rejectRow(r Reject) []value {
	return []value{
		text(r.SourceFile),
		rowNumber(r.RowNumber),
		text(r.EventID),
		text(r.Reason),
		text(r.Message),
		text(r.Raw),
	}
}
