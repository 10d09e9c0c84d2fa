-- scan: one pass over the validated input for what the later steps need:
-- the distinct pricing keys of the good rows (is_key), the event ids that
-- more than one good row carries (NOT is_key), and, among the key groups of
-- rows that are not ok, how many rows were rejected. Each pass over the
-- input validates every row again, so the run makes as few as it can.
CREATE OR REPLACE TEMP TABLE rc_scan AS
SELECT grouping(event_id) = 1 AS is_key, reason IS NULL AS ok,
       version_idx, kind, media, model, actor, is_ad, duration_key, images, event_id,
       count(*) AS n
FROM rc_input
GROUP BY GROUPING SETS ((ok, version_idx, kind, media, model, actor, is_ad, duration_key, images),
                        (ok, event_id))
HAVING grouping(event_id) = 1 OR (ok AND count(*) > 1)
;
CREATE OR REPLACE TEMP TABLE rc_keys AS
SELECT version_idx, kind, media, model, actor, is_ad, duration_key, images
FROM rc_scan WHERE is_key AND ok
;
CREATE OR REPLACE TEMP TABLE rc_dup_ids AS
SELECT event_id FROM rc_scan WHERE NOT is_key

