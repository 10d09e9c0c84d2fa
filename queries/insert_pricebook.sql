-- insert_pricebook: keep the text of a price book the first time a run uses it.
INSERT INTO pricebooks VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING
