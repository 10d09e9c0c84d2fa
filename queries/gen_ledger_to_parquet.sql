-- Convert a ledger CSV with the header of gen.LedgerColumns into typed
-- Parquet. {{lit .Src}} and {{lit .Dst}} stand for the two file paths, each replaced by
-- a quoted SQL string literal (sqlString). charged_at is read as TIMESTAMPTZ
-- so that a +02:00 offset is applied, then stored as a UTC TIMESTAMP.
COPY (
    SELECT txn_id, event_id, account_id,
           timezone('UTC', charged_at) AS charged_at,
           credits, video_minutes
    FROM read_csv({{lit .Src}},
        header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
        columns = {
            'txn_id': 'VARCHAR',
            'event_id': 'VARCHAR',
            'account_id': 'VARCHAR',
            'charged_at': 'TIMESTAMPTZ',
            'credits': 'DECIMAL(18,2)',
            'video_minutes': 'INTEGER'
        })
) TO {{lit .Dst}} (FORMAT parquet)
