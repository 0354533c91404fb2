-- Lets an as-of read on a snapshot read only the events after it (ContextAsOf). `last_sequence` is set when the
-- snapshot was folded from exactly the customer's own events 0..last_sequence, none a merge, unmerge or restore;
-- a read as of a later instant then reads the customer's stream from last_sequence + 1 only. NULL otherwise, and for
-- rows written before this column: such snapshots are used only after reading the whole history, as before.
ALTER TABLE context_snapshot ADD COLUMN last_sequence BIGINT;
