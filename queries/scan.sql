-- scan: one pass over the validated input for what the later steps need:
-- the distinct pricing keys of the good rows (grouping set 'key'), the
-- event ids that more than one good row carries ('id', by rc_id_hash:
-- every repeated id is among them, and dup_rows puts right what two ids
-- sharing a number would set apart), and the rows of
-- each file ('file'); the key groups of rows that are not ok count the
-- rejects. The input is read twice, here and by insert_priced: storing
-- what this pass reads costs more than reading the file again (README,
-- Why this data path). For a repeated id the scan also keeps its first
-- row (first_row: file_id × 2³² + row_number, file order then row), so that
-- insert_priced can tell the event from its duplicates as it stores them.
-- The rows that break a rule are kept by their place (rc_bad_rows): the
-- rules are evaluated here only, and the passes after it leave those rows
-- out by their place (a join on one number) instead of evaluating the
-- rules again (0.9 s of insert_priced's 6.5 s at 10M events).
CREATE OR REPLACE TEMP TABLE rc_scan AS
SELECT CASE WHEN grouping(id_hash) = 0 THEN 'id'
            WHEN grouping(file_id) = 0 THEN 'file'
            ELSE 'key' END AS grouping_set,
       reason IS NULL AS ok,
       version_idx, kind, media, model, actor, is_ad, duration_key, images, id_hash, file_id,
       count(*) AS n,
       min(file_id::BIGINT * 4294967296 + row_number) AS first_row,
       list(file_id::BIGINT * 4294967296 + row_number) FILTER (WHERE reason IS NOT NULL) AS bad_rows
FROM (SELECT *, rc_id_hash(event_id) AS id_hash FROM rc_input)
GROUP BY GROUPING SETS ((ok, version_idx, kind, media, model, actor, is_ad, duration_key, images),
                        (ok, id_hash),
                        (file_id))
HAVING grouping(id_hash) = 1 OR (ok AND count(*) > 1)
;
CREATE OR REPLACE TEMP TABLE rc_keys AS
SELECT version_idx, kind, media, model, actor, is_ad, duration_key, images,
       rc_price_key(version_idx, kind, media, model, actor, is_ad, duration_key, images) AS price_key
FROM rc_scan WHERE grouping_set = 'key' AND ok
;
CREATE OR REPLACE TEMP TABLE rc_bad_rows AS
SELECT unnest(bad_rows) AS place FROM rc_scan WHERE grouping_set = 'key' AND NOT ok
;
CREATE OR REPLACE TEMP TABLE rc_dup_ids AS
SELECT id_hash, first_row FROM rc_scan WHERE grouping_set = 'id'
;
-- The ids of the input that earlier runs priced: filled by seen_before,
-- only when there are earlier runs.
CREATE OR REPLACE TEMP TABLE rc_seen_ids (event_id VARCHAR)
