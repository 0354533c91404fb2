-- The customer context read model: one JSON document per customer, folded from the customer's events by
-- CustomerContext (the same fold serves as-of reads), so adding a section needs no migration.
CREATE TABLE customer_context (
    customer_id VARCHAR(64) NOT NULL PRIMARY KEY,
    document    JSONB       NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
