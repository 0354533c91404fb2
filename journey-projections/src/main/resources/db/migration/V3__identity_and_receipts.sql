-- Write-side indexes updated in the same transaction as the append (set-based validation):
-- an identifier has one owner, and a channel's (source, source_event_id) is recorded once.

CREATE TABLE identifier_owner (
    identifier_type  VARCHAR(64)  NOT NULL,
    identifier_value VARCHAR(256) NOT NULL,
    customer_id      VARCHAR(64)  NOT NULL,
    linked_at        TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (identifier_type, identifier_value)
);
CREATE INDEX identifier_owner_customer_idx ON identifier_owner (customer_id);

CREATE TABLE touchpoint_receipt (
    source          VARCHAR(128) NOT NULL,
    source_event_id VARCHAR(256) NOT NULL,
    customer_id     VARCHAR(64)  NOT NULL,
    event_id        VARCHAR(64)  NOT NULL,
    fingerprint     CHAR(64)     NOT NULL,
    recorded_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (source, source_event_id)
);
