-- name: close_adjustments
-- close_adjustments: what the close in rc_close hands billing, per account
-- and direction: its to_refund as a credit note, its to_rebill as an
-- invoice item (close_accounts), less what the month's earlier closes'
-- files adjusted already, so that importing every file of the month once
-- leaves each account adjusted by exactly its to_refund − to_rebill now.
-- An account an earlier file adjusted and this close owes nothing gets
-- the line that takes it back. A zero line is left out. The key is the
-- sha256 of period, account, direction and the close's figures hash: the
-- same file imported twice repeats its keys; another close's file has
-- keys of its own and amounts that do not repeat what came before. Run
-- after close_sign.
INSERT INTO close_adjustments
WITH c AS (
    SELECT r.close_id, r.period, s.figures_sha256
    FROM rc_close r JOIN close_snapshots s USING (close_id)
), now AS (
    SELECT a.account_id, d.direction,
           CASE d.direction WHEN 'credit_note' THEN a.to_refund ELSE a.to_rebill END AS owed,
           CASE d.direction WHEN 'credit_note' THEN a.overcharged + a.duplicate_event + a.orphan_charge
                ELSE a.undercharged + a.uncharged END AS events,
           CASE d.direction
                WHEN 'credit_note' THEN concat_ws(',', CASE WHEN a.overcharged > 0 THEN 'overcharged' END,
                                                       CASE WHEN a.duplicate_event > 0 THEN 'duplicate_event' END,
                                                       CASE WHEN a.orphan_charge > 0 THEN 'orphan_charge' END)
                ELSE concat_ws(',', CASE WHEN a.undercharged > 0 THEN 'undercharged' END,
                                    CASE WHEN a.uncharged > 0 THEN 'uncharged' END) END AS categories
    FROM close_accounts a
    CROSS JOIN (VALUES ('credit_note'), ('invoice_item')) d(direction)
    WHERE a.close_id = (SELECT close_id FROM c)
), before AS (
    SELECT j.account_id, j.direction, sum(j.amount) AS adjusted
    FROM close_adjustments j
    WHERE j.period = (SELECT period FROM c) AND j.close_id <> (SELECT close_id FROM c)
    GROUP BY ALL
)
SELECT c.close_id, c.period, coalesce(n.account_id, b.account_id), coalesce(n.direction, b.direction),
       coalesce(n.owed, 0) - coalesce(b.adjusted, 0), coalesce(b.adjusted, 0),
       coalesce(n.events, 0), coalesce(n.categories, ''),
       sha256(c.period || '|' || coalesce(n.account_id, b.account_id) || '|' || coalesce(n.direction, b.direction)
              || '|' || c.figures_sha256)
FROM now n
FULL JOIN before b ON b.account_id = n.account_id AND b.direction = n.direction
CROSS JOIN c
WHERE coalesce(n.owed, 0) - coalesce(b.adjusted, 0) <> 0

-- name: adjustments_of
-- A close's adjustments.csv: by account, credit notes first. $1 the close.
SELECT period, account_id, direction, amount, adjusted_before, events, categories, idempotency_key
FROM close_adjustments WHERE close_id = $1
ORDER BY account_id, direction
