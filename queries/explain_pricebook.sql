-- explain_pricebook: the price book that priced an event, as it was read.
-- $1 pricebook_hash.
SELECT yaml FROM pricebooks WHERE pricebook_hash = $1
