-- Convert a render-log CSV with the header of gen.Columns into typed Parquet.
-- A text/template: .Src and .Dst are the two file paths, each written as a
-- quoted literal. created_at is read as TIMESTAMPTZ so that a
-- +02:00 offset is applied (a plain TIMESTAMP cast would drop it), then
-- stored as a UTC TIMESTAMP. Empty cells become NULL.
COPY (
    SELECT event_id, video_id, account_id,
           timezone('UTC', created_at) AS created_at,
           kind, media, model, actor, is_ad, duration_ms, images,
           charged_credits, charged_video_minutes
    FROM read_csv({{lit .Src}},
        header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
        columns = {
            'event_id': 'VARCHAR',
            'video_id': 'VARCHAR',
            'account_id': 'VARCHAR',
            'created_at': 'TIMESTAMPTZ',
            'kind': 'VARCHAR',
            'media': 'VARCHAR',
            'model': 'VARCHAR',
            'actor': 'VARCHAR',
            'is_ad': 'BOOLEAN',
            'duration_ms': 'BIGINT',
            'images': 'INTEGER',
            'charged_credits': 'DECIMAL(18,2)',
            'charged_video_minutes': 'INTEGER'
        })
) TO {{lit .Dst}} (FORMAT parquet)
