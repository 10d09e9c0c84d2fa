-- prices_decimal: the prices of the keys with their credits as DECIMAL(18,2),
-- converted once per key rather than once per event.
CREATE OR REPLACE TEMP TABLE rc_prices AS
SELECT *,
       rc_credits(generative_cents) AS generative_credits,
       rc_credits(actor_cents) AS actor_credits,
       rc_credits(edit_cents) AS edit_credits,
       rc_credits(expected_cents) AS expected_credits
FROM rc_prices_raw
