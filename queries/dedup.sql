-- dedup: which good rows of the run are events and which are duplicates
-- (SPEC §2). The first row with an event_id, earliest run first, then file
-- order, is the event; a later one is a duplicate. rc_dup_rows holds every
-- good row whose event_id is not unique, with its place among them.
CREATE OR REPLACE TEMP TABLE rc_dup_ids AS
SELECT event_id FROM rc_input WHERE reason IS NULL GROUP BY event_id HAVING count(*) > 1
UNION
SELECT DISTINCT i.event_id
FROM rc_input i SEMI JOIN priced_usage p ON p.event_id = i.event_id
WHERE i.reason IS NULL
;
CREATE OR REPLACE TEMP TABLE rc_dup_rows AS
SELECT i.*,
       row_number() OVER (PARTITION BY i.event_id ORDER BY i.file_id, i.row_number) AS occurrence,
       i.event_id IN (SELECT event_id FROM priced_usage) AS seen_before
FROM rc_input i
WHERE i.reason IS NULL AND i.event_id IN (SELECT event_id FROM rc_dup_ids)
;
CREATE OR REPLACE TEMP VIEW rc_events AS
SELECT * FROM rc_input
WHERE reason IS NULL AND event_id NOT IN (SELECT event_id FROM rc_dup_ids)
UNION ALL
SELECT * EXCLUDE (occurrence, seen_before) FROM rc_dup_rows
WHERE occurrence = 1 AND NOT seen_before
