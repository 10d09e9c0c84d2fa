-- seen_before: event ids of good rows that an earlier run already priced;
-- their rows are duplicates (SPEC §2). Run only when usage_rows holds
-- events.
INSERT INTO rc_seen_ids
SELECT DISTINCT i.event_id
FROM rc_input i SEMI JOIN usage_rows p ON p.event_id = i.event_id
WHERE i.file_id::BIGINT * 4294967296 + i.row_number NOT IN (SELECT place FROM rc_bad_rows)
;
-- Every row of such an id is a duplicate: it has no first row of its own.
UPDATE rc_dup_ids SET first_row = NULL WHERE id_hash IN (SELECT rc_id_hash(event_id) FROM rc_seen_ids)
;
INSERT INTO rc_dup_ids
SELECT DISTINCT rc_id_hash(event_id), NULL FROM rc_seen_ids
WHERE rc_id_hash(event_id) NOT IN (SELECT id_hash FROM rc_dup_ids)
