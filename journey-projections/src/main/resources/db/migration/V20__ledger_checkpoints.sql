-- Ledger checkpoints taken periodically (see docs/audit.md): append-only like the event store.
CREATE TABLE ledger_checkpoint (
    global_index BIGINT      NOT NULL,
    digest       CHAR(64)    NOT NULL,
    streams      BIGINT      NOT NULL,
    taken_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (taken_at, global_index)
);

CREATE TRIGGER ledger_checkpoint_append_only
    BEFORE UPDATE OR DELETE ON ledger_checkpoint
    FOR EACH ROW EXECUTE FUNCTION refuse_event_rewrite();
