-- Write-side identity indexes for merges, updated in the same transaction as the merge's events (the events are
-- the truth; these tables answer "who is this now" without reading streams).
--
-- customer: one row per customer stream. root_id is the customer that answers for it today (itself, or the survivor
-- of the merges that absorbed it); merged_into is the survivor of the one merge that absorbed it directly. A merge
-- locks the rows of the customers it joins, so two writers can never leave a half-done merge.
CREATE TABLE customer (
    customer_id VARCHAR(64) NOT NULL PRIMARY KEY,
    started_at  TIMESTAMPTZ NOT NULL,
    merged_into VARCHAR(64),
    root_id     VARCHAR(64) NOT NULL
);
CREATE INDEX customer_root_idx ON customer (root_id);
CREATE INDEX customer_merged_into_idx ON customer (merged_into);

INSERT INTO customer (customer_id, started_at, root_id)
SELECT customer_id, MIN(linked_at), customer_id FROM identifier_owner GROUP BY customer_id;

-- Possible matches on weak identifiers: at most one per pair of customers, so a rejected pair is never proposed again.
CREATE TABLE possible_match (
    match_id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    customer_low     VARCHAR(64)  NOT NULL,
    customer_high    VARCHAR(64)  NOT NULL,
    identifier_type  VARCHAR(64)  NOT NULL,
    identifier_value VARCHAR(256) NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    proposed_at      TIMESTAMPTZ  NOT NULL,
    decided_at       TIMESTAMPTZ,
    decided_by       VARCHAR(256),
    UNIQUE (customer_low, customer_high)
);

-- The timeline row's owner: the customer whose timeline shows it today (customer_id stays the stream it was
-- recorded in).
ALTER TABLE timeline_entry ADD COLUMN owner_id VARCHAR(64);
UPDATE timeline_entry SET owner_id = customer_id;
ALTER TABLE timeline_entry ALTER COLUMN owner_id SET NOT NULL;
DROP INDEX timeline_entry_customer_idx;
CREATE INDEX timeline_entry_owner_idx ON timeline_entry (owner_id, occurred_at DESC, event_id DESC);
CREATE INDEX timeline_entry_stream_idx ON timeline_entry (customer_id);
