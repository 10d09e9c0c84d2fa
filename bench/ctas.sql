-- ctas.sql: the floor for anything that stores the events, for `make bench`:
-- DuckDB's bare CREATE TABLE AS of the Parquet file, every row as it is.
CREATE TABLE events AS SELECT * FROM read_parquet(getvariable('input'));
