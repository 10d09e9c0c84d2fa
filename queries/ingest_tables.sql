-- Scratch tables of one run's ingestion; temporary, gone with the connection.
CREATE OR REPLACE TEMP TABLE rc_files (
    file_id INTEGER NOT NULL,
    path    VARCHAR NOT NULL,
    format  VARCHAR NOT NULL,
    input   VARCHAR NOT NULL  -- render_log or ledger
)
;
CREATE OR REPLACE TEMP TABLE rc_malformed (
    file_id    INTEGER NOT NULL,
    row_number BIGINT NOT NULL,
    reason     VARCHAR NOT NULL,
    message    VARCHAR NOT NULL,
    raw        VARCHAR NOT NULL
)
