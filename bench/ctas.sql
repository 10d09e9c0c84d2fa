-- ctas.sql: the floor for anything that stores the events, for `make bench`:
-- DuckDB's bare CREATE TABLE AS of the Parquet file, every row as it is.
-- Without insertion order DuckDB writes the row groups as they fill instead
-- of at the checkpoint on close (about 8 s less at 10M rows).
SET preserve_insertion_order = false;
CREATE TABLE events AS SELECT * FROM read_parquet(getvariable('input'));
