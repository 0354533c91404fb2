-- The cross-channel timeline read model: one row per touchpoint, read newest first by keyset paging on
-- (occurred_at, event_id).
CREATE TABLE timeline_entry (
    event_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    customer_id     VARCHAR(64)  NOT NULL,
    occurred_at     TIMESTAMPTZ  NOT NULL,
    recorded_at     TIMESTAMPTZ  NOT NULL,
    source          VARCHAR(128) NOT NULL,
    source_event_id VARCHAR(256) NOT NULL,
    channel         VARCHAR(64)  NOT NULL,
    type            VARCHAR(64)  NOT NULL,
    conversation_id VARCHAR(256),
    actor           VARCHAR(256),
    data            JSONB        NOT NULL
);
CREATE INDEX timeline_entry_customer_idx ON timeline_entry (customer_id, occurred_at DESC, event_id DESC);
