-- The reconcile database. Table and column names are a public interface
-- (SPEC §7): analysts' SQL depends on them. Add columns; never rename.
CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
)
;
CREATE TABLE IF NOT EXISTS runs (
    run_id           VARCHAR PRIMARY KEY,
    kind             VARCHAR NOT NULL DEFAULT 'run', -- run or rerate
    started_at       TIMESTAMP NOT NULL,  -- UTC
    finished_at      TIMESTAMP,           -- UTC
    status           VARCHAR NOT NULL,    -- committed (reports not yet in place), succeeded
    inputs           VARCHAR[] NOT NULL,
    pricebook_source VARCHAR NOT NULL,
    pricebook_hash   VARCHAR NOT NULL,
    charge_source    VARCHAR NOT NULL,
    tolerance        DECIMAL(18, 2) NOT NULL,
    rows_read        BIGINT NOT NULL,
    priced           BIGINT NOT NULL,
    rejected         BIGINT NOT NULL,
    duplicates       BIGINT NOT NULL,
    discrepancies    BIGINT NOT NULL,
    reconcile_version VARCHAR NOT NULL,
    ledgers          VARCHAR[] NOT NULL DEFAULT [],
    window_from      TIMESTAMP,            -- the report window, UTC, inclusive
    window_to        TIMESTAMP,            -- exclusive
    rel_tolerance    DECIMAL(18, 6) NOT NULL DEFAULT 0,
    late             BIGINT NOT NULL DEFAULT 0,
    ledger_rows      BIGINT NOT NULL DEFAULT 0,
    -- where the run's reports go, and where they wait until the commit: a
    -- run whose status is still 'committed' had its reports staged but not
    -- yet moved into place; the next run finishes that before its own work
    reports_dir      VARCHAR,
    staging_dir      VARCHAR,
    seconds          DOUBLE,               -- how long the run took
    shard            VARCHAR,              -- I/N: the accounts this run priced (--shard); NULL: all
    -- the order of the runs: 1, 2, 3… as they committed (one writer at a
    -- time holds the lock). "Latest" means the highest seq, never the run
    -- id, whose suffix is random within a second.
    seq              BIGINT
)
;
-- Every price book a run used, by the sha256 of its bytes, so that any
-- stored price can be explained and reproduced.
CREATE TABLE IF NOT EXISTS pricebooks (
    pricebook_hash VARCHAR PRIMARY KEY,
    source         VARCHAR NOT NULL,
    yaml           VARCHAR NOT NULL,
    first_run_id   VARCHAR NOT NULL
)
;
-- usage_entries: every event as priced, and the rows re-ratings add. It
-- holds what the render log said was charged as inline_charged_*; the
-- charge an event is reconciled with is not stored but derived, by one
-- rule, in the priced_usage view below (SPEC §6 "One truth"). Analysts ask
-- priced_usage or current_usage, not this view.
--
-- Its rows are stored narrow, in three tables, because writing them is the
-- biggest step of a run (10M events: 11.5 s of 26 s as one 30-column
-- table). What is the same for all the rows one run stored from one file
-- (run_id, source_file, entry, corrects_run_id) is kept once, in
-- usage_batches; a price with the pricing inputs it is a function of
-- (kind, media, model, actor, is_ad, images, the price columns,
-- pricebook_hash) once, in usage_prices; usage_rows holds each row's own
-- facts and the two ids. usage_entries joins them back into the columns
-- and meaning it had as a table (schema version 6).
--
-- usage_batches: the rows of one run, from one file, of one entry:
--   usage       the event as first priced. A re-rating never overwrites
--               it: it adds
--   reversal    the earlier price negated, and
--   correction  the new price, as the FinOps FOCUS spec records
--               corrections, so that the sum of an event's rows is its
--               current price. Inline charges are NULL on reversal and
--               correction rows; their source_file is the event's.
CREATE TABLE IF NOT EXISTS usage_batches (
    batch_id        INTEGER PRIMARY KEY,
    run_id          VARCHAR NOT NULL,
    source_file     VARCHAR NOT NULL,
    entry           VARCHAR NOT NULL,
    corrects_run_id VARCHAR            -- reversal, correction: the run whose price they correct
)
;
-- usage_prices: each distinct price a row has carried, with the pricing
-- inputs it was computed from and the price book that gave it. A
-- reversal's price is the negation of the one it reverses, a row of its
-- own here.
CREATE TABLE IF NOT EXISTS usage_prices (
    price_id               INTEGER PRIMARY KEY,
    kind                   VARCHAR NOT NULL,
    media                  VARCHAR,
    model                  VARCHAR,
    actor                  VARCHAR NOT NULL,
    is_ad                  BOOLEAN NOT NULL,
    images                 INTEGER NOT NULL,
    billable_seconds       BIGINT NOT NULL,
    billable_minutes       BIGINT NOT NULL,
    generative_credits     DECIMAL(18, 2) NOT NULL,
    actor_credits          DECIMAL(18, 2) NOT NULL,
    edit_credits           DECIMAL(18, 2) NOT NULL,
    expected_credits       DECIMAL(18, 2) NOT NULL,
    expected_video_minutes INTEGER NOT NULL,
    pricebook_version      VARCHAR NOT NULL,
    pricebook_hash         VARCHAR NOT NULL
)
;
CREATE TABLE IF NOT EXISTS usage_rows (
    event_id                     VARCHAR NOT NULL,
    video_id                     VARCHAR NOT NULL,
    account_id                   VARCHAR NOT NULL,
    created_at                   TIMESTAMP NOT NULL, -- UTC
    duration_ms                  BIGINT,
    inline_charged_credits       DECIMAL(18, 2),     -- the render log's charged_credits; NULL: empty
    inline_charged_video_minutes INTEGER,            -- the render log's charged_video_minutes; NULL: empty
    row_number                   BIGINT NOT NULL,
    is_late                      BOOLEAN NOT NULL DEFAULT false, -- created in a period an earlier run had closed
    batch_id                     INTEGER NOT NULL,   -- usage_batches
    price_id                     INTEGER NOT NULL    -- usage_prices
)
;
CREATE OR REPLACE VIEW usage_entries AS
SELECT u.event_id, u.video_id, u.account_id, u.created_at, p.kind, p.media, p.model, p.actor, p.is_ad,
       u.duration_ms, p.images, p.billable_seconds, p.billable_minutes, p.generative_credits,
       p.actor_credits, p.edit_credits, p.expected_credits, p.expected_video_minutes,
       p.pricebook_version, u.inline_charged_credits, u.inline_charged_video_minutes, b.run_id,
       b.source_file, u.row_number, p.pricebook_hash, b.entry, b.corrects_run_id, u.is_late
FROM usage_rows u
JOIN usage_batches b ON b.batch_id = u.batch_id
JOIN usage_prices p ON p.price_id = u.price_id
WHERE b.entry <> 'duplicate'
;
CREATE TABLE IF NOT EXISTS discrepancies (
    event_id               VARCHAR NOT NULL,
    account_id             VARCHAR NOT NULL,
    category               VARCHAR NOT NULL,
    expected_credits       DECIMAL(18, 2) NOT NULL,
    charged_credits        DECIMAL(38, 2),  -- a sum of ledger rows: wider than one row
    diff_credits           DECIMAL(38, 2) NOT NULL,
    expected_video_minutes INTEGER NOT NULL,
    charged_video_minutes  BIGINT,
    detail                 VARCHAR NOT NULL,
    run_id                 VARCHAR NOT NULL,
    created_at             TIMESTAMP,
    source_file            VARCHAR NOT NULL,
    row_number             BIGINT NOT NULL,
    conflicting            BOOLEAN              -- duplicate_event only
)
;
CREATE TABLE IF NOT EXISTS rejects (
    source_file VARCHAR NOT NULL,
    row_number  BIGINT NOT NULL,
    event_id    VARCHAR,
    reason      VARCHAR NOT NULL,
    message     VARCHAR NOT NULL,
    raw         VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL,
    input       VARCHAR NOT NULL DEFAULT 'render_log' -- render_log or ledger
)
;
-- The billing ledger (SPEC §5): what was charged, one row per transaction.
-- A refund is a negative row; the charge of an event is the sum of its rows.
CREATE TABLE IF NOT EXISTS ledger (
    txn_id        VARCHAR NOT NULL,
    event_id      VARCHAR NOT NULL,
    account_id    VARCHAR NOT NULL,
    charged_at    TIMESTAMP NOT NULL,   -- UTC
    credits       DECIMAL(18, 2) NOT NULL,
    video_minutes INTEGER NOT NULL,
    source_file   VARCHAR NOT NULL,
    row_number    BIGINT NOT NULL,
    run_id        VARCHAR NOT NULL
)
;
-- Months that a --period run has reported. An event created in one of them
-- that arrives later is late: priced, marked, and listed in the next report.
CREATE TABLE IF NOT EXISTS periods (
    period          VARCHAR PRIMARY KEY, -- YYYY-MM
    closed_by_run   VARCHAR NOT NULL,
    closed_at       TIMESTAMP NOT NULL
)
;
-- Close snapshots: what each --period run (a close) reported, at its
-- commit, and never changed after: its totals (as report_totals gives
-- them), its categories (report_categories) and accounts
-- (report_accounts), with findings_sha256 over its findings list and
-- figures_sha256 over all of it, which its Summary shows. A month closed
-- again gets a snapshot of its own; the latest is the current close.
CREATE TABLE IF NOT EXISTS close_snapshots (
    close_id              VARCHAR PRIMARY KEY, -- the run's id
    period                VARCHAR NOT NULL,    -- YYYY-MM
    closed_at             TIMESTAMP NOT NULL,  -- UTC
    figures_sha256        VARCHAR NOT NULL,
    findings_sha256       VARCHAR NOT NULL,
    expected_credits      DECIMAL(38, 2) NOT NULL,
    charged_credits       DECIMAL(38, 2) NOT NULL,
    expected_minutes      BIGINT NOT NULL,
    charged_minutes       BIGINT NOT NULL,
    versions              VARCHAR NOT NULL,
    events                BIGINT NOT NULL,
    to_refund             DECIMAL(38, 2) NOT NULL,
    to_rebill             DECIMAL(38, 2) NOT NULL,
    refund_within         DECIMAL(38, 2) NOT NULL,
    rebill_within         DECIMAL(38, 2) NOT NULL,
    orphan_credits        DECIMAL(38, 2) NOT NULL,
    orphan_minutes        BIGINT NOT NULL,
    duplicate_credits     DECIMAL(38, 2) NOT NULL,
    duplicate_minutes     BIGINT NOT NULL,
    leakage               DECIMAL(38, 2) NOT NULL,
    discrepancies         BIGINT NOT NULL,
    events_with_findings  BIGINT NOT NULL,
    orphans_resolved          BIGINT NOT NULL,         -- events whose earlier orphan charges they matched
    orphans_resolved_credits  DECIMAL(38, 2) NOT NULL
)
;
CREATE TABLE IF NOT EXISTS close_categories (
    close_id  VARCHAR NOT NULL,
    category  VARCHAR NOT NULL,
    count     BIGINT NOT NULL,
    credits   DECIMAL(38, 2) NOT NULL,
    minutes   BIGINT NOT NULL
)
;
-- The Daily sheet, the charge sources and the Late sheet of a close, as
-- it reported them (the charge of an event can change later, when ledger
-- rows arrive).
CREATE TABLE IF NOT EXISTS close_days (
    close_id          VARCHAR NOT NULL,
    day               TIMESTAMP NOT NULL,
    events            BIGINT NOT NULL,
    expected_credits  DECIMAL(38, 2) NOT NULL,
    charged_credits   DECIMAL(38, 2) NOT NULL,
    diff_credits      DECIMAL(38, 2) NOT NULL,
    expected_minutes  BIGINT NOT NULL,
    charged_minutes   BIGINT NOT NULL,
    discrepancies     BIGINT NOT NULL
)
;
CREATE TABLE IF NOT EXISTS close_sources (
    close_id       VARCHAR NOT NULL,
    charge_source  VARCHAR NOT NULL,
    events         BIGINT NOT NULL,
    credits        DECIMAL(38, 2) NOT NULL
)
;
-- The Bridge sheet of a re-close: the lines of the named query bridge
-- from the month's close before it (from_close_id) to this close's
-- figures, in its order (line_no from 1), as the close reported them. A
-- month's first close has none.
CREATE TABLE IF NOT EXISTS close_bridge (
    close_id          VARCHAR NOT NULL,
    from_close_id     VARCHAR NOT NULL,
    line_no           BIGINT NOT NULL,
    line              VARCHAR NOT NULL,
    events            BIGINT NOT NULL,
    expected_credits  DECIMAL(38, 2) NOT NULL,
    charged_credits   DECIMAL(38, 2) NOT NULL,
    net_credits       DECIMAL(38, 2) NOT NULL,
    expected_minutes  BIGINT NOT NULL,
    charged_minutes   BIGINT NOT NULL
)
;
-- The Patterns sheet of a run: the systematic causes package patterns
-- found behind the report's findings, ranked (rank from 1) by the credits
-- they moved; each with the findings it explains exactly (events) of its
-- group's (group_findings), and what it moved (charged − expected).
CREATE TABLE IF NOT EXISTS patterns (
    run_id          VARCHAR NOT NULL,
    rank            BIGINT NOT NULL,
    cause           VARCHAR NOT NULL,
    rule            VARCHAR NOT NULL,
    grp             VARCHAR NOT NULL,
    events          BIGINT NOT NULL,
    group_findings  BIGINT NOT NULL,
    credits         DECIMAL(38, 2) NOT NULL,
    video_minutes   BIGINT NOT NULL
)
;
-- The adjustments a close hands billing (adjustments.csv): per account
-- and direction (credit_note: what the account is owed back, its
-- to_refund; invoice_item: what it still owes, its to_rebill), what is
-- left to adjust after the month's earlier closes' adjustments
-- (adjusted_before), keyed for an idempotent import.
CREATE TABLE IF NOT EXISTS close_adjustments (
    close_id         VARCHAR NOT NULL,
    period           VARCHAR NOT NULL,
    account_id       VARCHAR NOT NULL,
    direction        VARCHAR NOT NULL,        -- credit_note or invoice_item
    amount           DECIMAL(38, 2) NOT NULL, -- negative: takes back part of an earlier file's adjustment
    adjusted_before  DECIMAL(38, 2) NOT NULL,
    events           BIGINT NOT NULL,         -- the account's findings in that direction
    categories       VARCHAR NOT NULL,
    idempotency_key  VARCHAR NOT NULL
)
;
CREATE TABLE IF NOT EXISTS close_late (
    close_id               VARCHAR NOT NULL,
    event_id               VARCHAR NOT NULL,
    account_id             VARCHAR NOT NULL,
    created_at             TIMESTAMP NOT NULL,
    period                 VARCHAR NOT NULL,
    expected_credits       DECIMAL(38, 2) NOT NULL,
    charged_credits        DECIMAL(38, 2),
    diff_credits           DECIMAL(38, 2) NOT NULL,
    charge_source          VARCHAR NOT NULL,
    charged_video_minutes  BIGINT,
    categories             VARCHAR NOT NULL,
    source_file            VARCHAR NOT NULL,
    row_number             BIGINT NOT NULL
)
;
CREATE TABLE IF NOT EXISTS close_accounts (
    close_id          VARCHAR NOT NULL,
    account_id        VARCHAR NOT NULL,
    events            BIGINT NOT NULL,
    expected_credits  DECIMAL(38, 2) NOT NULL,
    charged_credits   DECIMAL(38, 2) NOT NULL,
    diff_credits      DECIMAL(38, 2) NOT NULL,
    expected_minutes  BIGINT NOT NULL,
    charged_minutes   BIGINT NOT NULL,
    to_refund         DECIMAL(38, 2) NOT NULL,
    to_rebill         DECIMAL(38, 2) NOT NULL,
    discrepancies     BIGINT NOT NULL,
    overcharged       BIGINT NOT NULL,
    undercharged      BIGINT NOT NULL,
    uncharged         BIGINT NOT NULL,
    minutes_mismatch  BIGINT NOT NULL,
    duplicate_event   BIGINT NOT NULL,
    orphan_charge     BIGINT NOT NULL,
    duplicate_charge  BIGINT NOT NULL,
    account_mismatch  BIGINT NOT NULL
)
;
-- Every input file a run read, by path and content, so that a nightly run
-- over the same folder reads only what is new (a file seen before with the
-- same content is skipped; a changed file is an error unless --reingest).
CREATE TABLE IF NOT EXISTS input_files (
    path        VARCHAR NOT NULL,
    input       VARCHAR NOT NULL,  -- render_log or ledger
    size        BIGINT NOT NULL,
    sha256      VARCHAR NOT NULL,
    rows        BIGINT NOT NULL,
    run_id      VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL -- UTC
)
;
-- ledger_charges: what the billing ledger charged each event id (SPEC §5):
-- the sum of all its rows, refunds negative. A row is positive when it
-- charges credits or video minutes. min_account and max_account are the
-- first and last account its rows charged: both equal the event's account
-- unless a row charged another.
CREATE OR REPLACE VIEW ledger_charges AS
SELECT event_id,
       CAST(sum(credits) AS DECIMAL(38, 2)) AS credits,
       CAST(sum(video_minutes) AS BIGINT) AS video_minutes,
       count(*) AS ledger_rows,
       count(*) FILTER (WHERE credits > 0 OR video_minutes > 0) AS positive_rows,
       count(*) FILTER (WHERE credits < 0 OR video_minutes < 0) AS refund_rows,
       min(account_id) AS min_account,
       max(account_id) AS max_account,
       min(charged_at) AS first_charged_at
FROM ledger
GROUP BY event_id
;
-- ledger_months: the UTC months the ledger covers, those in which it
-- charged anything. An event of such a month with no ledger row of its own
-- was charged nothing, whatever its render-log row says.
CREATE OR REPLACE VIEW ledger_months AS
SELECT DISTINCT CAST(date_trunc('month', charged_at) AS TIMESTAMP) AS month FROM ledger
;
-- Where an event's charge comes from: the one rule (README "Where an
-- event's charge comes from"), used by priced_usage, current_usage and
-- every run's reconciliation alike:
--   ledger  the event has ledger rows: their sum;
--   none    it has none, but the ledger covers its month (ledger_months);
--   inline  otherwise the render log's charged columns, when either is set
--           (the other then counts as 0);
--   none    otherwise: no charge recorded (charged columns NULL).
CREATE OR REPLACE MACRO charge_source_of(has_ledger_rows, month_covered, inline_credits, inline_minutes) AS
    CASE WHEN has_ledger_rows THEN 'ledger'
         WHEN month_covered THEN 'none'
         WHEN inline_credits IS NOT NULL OR inline_minutes IS NOT NULL THEN 'inline'
         ELSE 'none' END
;
-- The charge itself, given its source: the ledger's sum, or the inline
-- value (NULL as 0), or NULL for none.
CREATE OR REPLACE MACRO charged_of(source, ledger_value, inline_value) AS
    CASE source WHEN 'ledger' THEN ledger_value WHEN 'inline' THEN coalesce(inline_value, 0) END
;
-- current_entries: one row per event at its current price, without its
-- charge: its usage row, or its latest correction after a re-rating
-- carrying the usage row's inline charges and lateness.
CREATE OR REPLACE VIEW current_entries AS
SELECT * FROM usage_entries
WHERE entry = 'usage'
  AND event_id NOT IN (SELECT event_id FROM usage_entries WHERE entry = 'correction')
UNION ALL
SELECT c.* REPLACE (u.inline_charged_credits AS inline_charged_credits,
                    u.inline_charged_video_minutes AS inline_charged_video_minutes,
                    u.is_late AS is_late)
FROM usage_entries c
JOIN usage_entries u ON u.event_id = c.event_id AND u.entry = 'usage'
LEFT JOIN runs r ON r.run_id = c.run_id -- none yet: the re-rating in progress, the latest
WHERE c.entry = 'correction'
QUALIFY row_number() OVER (PARTITION BY c.event_id ORDER BY r.seq DESC NULLS FIRST, c.run_id DESC) = 1
;
-- priced_usage: every row of usage_entries with the charge its
-- reconciliation uses (charge_source_of above). diff_credits is charged
-- (NULL as 0) − expected. Reversal and correction rows (re-ratings) carry
-- no charge; their diff_credits is −expected, so an event's rows sum to its
-- charge minus its current price.
CREATE OR REPLACE VIEW priced_usage AS
WITH s AS (
    SELECT u.*,
           CASE WHEN u.entry = 'usage'
                THEN charge_source_of(l.event_id IS NOT NULL, m.month IS NOT NULL,
                                      u.inline_charged_credits, u.inline_charged_video_minutes) END AS charge_source,
           l.credits AS ledger_credits, l.video_minutes AS ledger_minutes
    FROM usage_entries u
    LEFT JOIN ledger_charges l ON l.event_id = u.event_id
    LEFT JOIN ledger_months m ON m.month = date_trunc('month', u.created_at)
)
SELECT event_id, video_id, account_id, created_at, kind, media, model, actor, is_ad, duration_ms, images,
       billable_seconds, billable_minutes, generative_credits, actor_credits, edit_credits,
       expected_credits, expected_video_minutes, pricebook_version,
       CAST(charged_of(charge_source, ledger_credits, inline_charged_credits) AS DECIMAL(38, 2)) AS charged_credits,
       CAST(charged_of(charge_source, ledger_minutes, inline_charged_video_minutes) AS BIGINT) AS charged_video_minutes,
       CAST(CASE WHEN entry <> 'usage' THEN -expected_credits
                 ELSE coalesce(charged_of(charge_source, ledger_credits, inline_charged_credits), 0) - expected_credits
            END AS DECIMAL(38, 2)) AS diff_credits,
       run_id, source_file, row_number, pricebook_hash, entry, corrects_run_id, is_late,
       charge_source, inline_charged_credits, inline_charged_video_minutes
FROM s
;
-- current_usage: one row per event at its current price (current_entries)
-- with the charge its reconciliation uses. The question "what did event X
-- cost, and what was it charged" is asked here.
CREATE OR REPLACE VIEW current_usage AS
WITH s AS (
    SELECT u.*,
           charge_source_of(l.event_id IS NOT NULL, m.month IS NOT NULL,
                            u.inline_charged_credits, u.inline_charged_video_minutes) AS charge_source,
           l.credits AS ledger_credits, l.video_minutes AS ledger_minutes
    FROM current_entries u
    LEFT JOIN ledger_charges l ON l.event_id = u.event_id
    LEFT JOIN ledger_months m ON m.month = date_trunc('month', u.created_at)
)
SELECT event_id, video_id, account_id, created_at, kind, media, model, actor, is_ad, duration_ms, images,
       billable_seconds, billable_minutes, generative_credits, actor_credits, edit_credits,
       expected_credits, expected_video_minutes, pricebook_version,
       CAST(charged_of(charge_source, ledger_credits, inline_charged_credits) AS DECIMAL(38, 2)) AS charged_credits,
       CAST(charged_of(charge_source, ledger_minutes, inline_charged_video_minutes) AS BIGINT) AS charged_video_minutes,
       CAST(coalesce(charged_of(charge_source, ledger_credits, inline_charged_credits), 0) - expected_credits
            AS DECIMAL(38, 2)) AS diff_credits,
       run_id, source_file, row_number, pricebook_hash, entry, corrects_run_id, is_late,
       charge_source, inline_charged_credits, inline_charged_video_minutes
FROM s
;
-- latest_row_findings: the findings of rows rather than events, as
-- findings_latest has them: each duplicate row as the latest run that
-- listed it recorded it, each orphan charge as the latest run found it
-- while its event id is still not priced. The bridge reads them alone.
CREATE OR REPLACE VIEW latest_row_findings AS
SELECT d.* FROM (
    SELECT d.* FROM discrepancies d JOIN runs r USING (run_id)
    WHERE d.category = 'duplicate_event'
    QUALIFY row_number() OVER (PARTITION BY d.source_file, d.row_number
                               ORDER BY r.seq DESC) = 1
) d
UNION ALL
SELECT d.* FROM (
    SELECT d.* FROM discrepancies d JOIN runs r USING (run_id)
    WHERE d.category = 'orphan_charge'
      -- priced since: read usage_rows for the orphans' ids alone, so that
      -- no join holds every event id of the database
      AND d.event_id NOT IN (SELECT u.event_id FROM usage_rows u
                             WHERE u.event_id IN (SELECT event_id FROM discrepancies WHERE category = 'orphan_charge'))
    QUALIFY row_number() OVER (PARTITION BY d.event_id ORDER BY r.seq DESC) = 1
) d
;
-- findings_latest: each event's findings as the latest run that reconciled
-- it found them, so that a month reconciled twice counts once and no
-- question needs a run_id. A run reconciles the events created in its
-- window, the events it priced, and those whose ledger rows it read. An event whose latest reconciliation found nothing has no
-- row here. A duplicate row shows as the latest run that listed it
-- recorded it; an orphan charge as the latest run found it, and only while
-- its event id is still not priced.
CREATE OR REPLACE VIEW findings_latest AS
WITH ev AS (
    SELECT event_id, created_at, run_id AS priced_by FROM usage_entries
    WHERE entry = 'usage' AND event_id IN (SELECT event_id FROM discrepancies)
), reconciled AS (
    SELECT ev.event_id, r.run_id, r.seq
    FROM ev JOIN runs r ON r.run_id = ev.priced_by
    UNION ALL
    SELECT ev.event_id, r.run_id, r.seq
    FROM ev JOIN runs r ON r.kind = 'run' AND r.window_from IS NOT NULL
                       AND ev.created_at >= r.window_from AND ev.created_at < r.window_to
    UNION ALL
    SELECT l.event_id, r.run_id, r.seq
    FROM ledger l JOIN runs r ON r.run_id = l.run_id
    WHERE l.event_id IN (SELECT event_id FROM ev)
), latest AS (
    SELECT event_id, arg_max(run_id, seq) AS run_id
    FROM reconciled GROUP BY event_id
)
SELECT d.* FROM discrepancies d JOIN latest l USING (event_id, run_id)
WHERE d.category NOT IN ('duplicate_event', 'orphan_charge')
UNION ALL
SELECT * FROM latest_row_findings
