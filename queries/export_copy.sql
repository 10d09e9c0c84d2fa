-- export_copy: every event once, at its current price (current_usage, the
-- charge the reports show), with the month of its created_at, written as
-- Parquet partitioned by month. $from and $to bound created_at (from
-- inclusive, to exclusive); NULL means all events. $shard is the shard the
-- database holds, NULL for none.
-- A text/template: .Dir is the folder to write, as a quoted literal (COPY
-- takes its target as a literal, not a parameter). With .Sharded the
-- partitions are month=YYYY-MM/shard=I, so that N shards' exports into one
-- folder make one table; without it the shard column is left out.
COPY ({{if not .Sharded}}SELECT * EXCLUDE (shard) FROM ({{end}}
SELECT *, strftime(created_at, '%Y-%m') AS month, $shard::INTEGER AS shard
FROM current_usage
WHERE $from::TIMESTAMP IS NULL OR (created_at >= $from::TIMESTAMP AND created_at < $to::TIMESTAMP)
ORDER BY created_at, event_id{{if not .Sharded}}){{end}})
TO {{lit .Dir}} (FORMAT parquet, PARTITION_BY ({{if .Sharded}}month, shard{{else}}month{{end}}))
