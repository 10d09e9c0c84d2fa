-- dup_rows: every good row whose event id is not unique, with its place
-- among the rows of that id (earliest run, then file order, then row: the
-- first is the event) and whether an earlier run priced the id. rc_dup_skip
-- holds the rows that are duplicates, to keep them out of usage_entries.
CREATE OR REPLACE TEMP TABLE rc_dup_rows AS
SELECT i.* EXCLUDE (message, raw),
       row_number() OVER (PARTITION BY i.event_id ORDER BY i.file_id, i.row_number) AS occurrence,
       false AS seen_before
FROM rc_input i
WHERE i.reason IS NULL AND i.event_id IN (SELECT event_id FROM rc_dup_ids)
;
UPDATE rc_dup_rows SET seen_before = true
WHERE event_id IN (SELECT event_id FROM rc_seen_ids)
;
CREATE OR REPLACE TEMP TABLE rc_dup_skip AS
SELECT file_id, row_number FROM rc_dup_rows WHERE occurrence > 1 OR seen_before
