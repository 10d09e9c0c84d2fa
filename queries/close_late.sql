-- close_late: the Late sheet of a close, as it reported it (a template:
-- .Late is report_late's text). $1 the run's id.
INSERT INTO close_late
SELECT CAST($1 AS VARCHAR), * FROM (
{{.Late}}
)
