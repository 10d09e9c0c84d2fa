-- insert_duplicates: a duplicate_event discrepancy for every later row of an
-- event (SPEC §2, §6). It expects nothing, carries its own inline charge
-- unless the ledger covers its event (the event has ledger rows, or the
-- ledger covers the event's month: the ledger is then the record of what
-- was charged, as for the event itself), and is conflicting when any
-- column differs from the event's. $1 run_id.
INSERT INTO discrepancies (
    event_id, account_id, category, expected_credits, charged_credits, diff_credits,
    expected_video_minutes, charged_video_minutes, detail, run_id, created_at, source_file,
    row_number, conflicting)
SELECT
    d.event_id, d.account_id, 'duplicate_event',
    0, CASE WHEN d.covered THEN NULL ELSE d.charged_credits END,
    CASE WHEN d.covered THEN 0 ELSE coalesce(d.charged_credits, 0) END,
    0, CASE WHEN d.covered THEN NULL ELSE d.charged_video_minutes END,
    'duplicate of ' || d.first_file || ' row ' || d.first_row::VARCHAR
        || CASE WHEN d.first_run <> $1 THEN ' (run ' || d.first_run || ')' ELSE '' END
        || CASE WHEN d.differs = '' THEN '; identical' ELSE '; conflicting: ' || d.differs END,
    $1, d.created_at, f.path, d.row_number, d.differs <> ''
FROM (
    SELECT d.*, p.source_file AS first_file, p.row_number AS first_row, p.run_id AS first_run,
    d.event_id IN (SELECT event_id FROM ledger)
        OR date_trunc('month', p.created_at) IN (SELECT month FROM ledger_months) AS covered,
    concat_ws('; ',
        CASE WHEN d.video_id IS DISTINCT FROM p.video_id THEN 'video_id' END,
        CASE WHEN d.account_id IS DISTINCT FROM p.account_id THEN 'account_id' END,
        CASE WHEN d.created_at IS DISTINCT FROM p.created_at THEN 'created_at' END,
        CASE WHEN d.kind IS DISTINCT FROM p.kind THEN 'kind' END,
        CASE WHEN d.media IS DISTINCT FROM p.media THEN 'media' END,
        CASE WHEN d.model IS DISTINCT FROM p.model THEN 'model' END,
        CASE WHEN d.actor IS DISTINCT FROM p.actor THEN 'actor' END,
        CASE WHEN d.is_ad IS DISTINCT FROM p.is_ad THEN 'is_ad' END,
        CASE WHEN d.duration_ms IS DISTINCT FROM p.duration_ms
             THEN 'duration_ms ' || coalesce(p.duration_ms::VARCHAR, '∅') || ' vs ' || coalesce(d.duration_ms::VARCHAR, '∅') END,
        CASE WHEN d.images IS DISTINCT FROM p.images THEN 'images' END,
        CASE WHEN d.charged_credits IS DISTINCT FROM p.charged_credits
             THEN 'charged_credits ' || coalesce(p.charged_credits::VARCHAR, '∅') || ' vs ' || coalesce(d.charged_credits::VARCHAR, '∅') END,
        CASE WHEN d.charged_video_minutes IS DISTINCT FROM p.charged_video_minutes THEN 'charged_video_minutes' END
    ) AS differs
    FROM rc_dup_rows d JOIN (
        -- the event each duplicate repeats: the first row of this run, or
        -- the row an earlier run priced
        SELECT r.*, f.path AS source_file, $1 AS run_id
        FROM rc_dup_rows r JOIN rc_files f USING (file_id)
        WHERE r.occurrence = 1 AND NOT r.seen_before
        UNION ALL BY NAME
        SELECT *, inline_charged_credits AS charged_credits,
               inline_charged_video_minutes AS charged_video_minutes
        FROM usage_entries
        WHERE entry = 'usage' AND event_id IN (SELECT event_id FROM rc_dup_rows WHERE seen_before)
    ) p ON p.event_id = d.event_id
    WHERE d.occurrence > 1 OR d.seen_before
) d
JOIN rc_files f ON f.file_id = d.file_id
