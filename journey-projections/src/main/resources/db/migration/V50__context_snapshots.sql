-- Snapshots of as-of contexts (ContextAsOf): the customer's context as the ledger knew it at as_of, folded from the
-- first `events` events of its effective history. The history as of a settled instant never changes (only events
-- recorded by then count, and later merges do not reach back), so an as-of read folds only the events after the
-- latest snapshot at or before the instant it asks about. Pure cache: deleting rows only costs speed.
-- Documents hold decrypted personal data: erasure deletes the snapshots of every erased stream, and of any customer
-- whose snapshot drew on that stream (`streams`, the streams the folded events came from).
CREATE TABLE context_snapshot (
    customer_id TEXT        NOT NULL,
    as_of       TIMESTAMPTZ NOT NULL,
    events      INT         NOT NULL,
    document    JSONB       NOT NULL,
    streams     TEXT[]      NOT NULL,
    PRIMARY KEY (customer_id, as_of)
);

CREATE INDEX context_snapshot_streams ON context_snapshot USING GIN (streams);
