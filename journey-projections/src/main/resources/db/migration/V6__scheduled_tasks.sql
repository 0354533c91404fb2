-- db-scheduler's table, holding Axon deadlines (a promise's due time) so they survive restarts and fire on exactly
-- one node. Layout as required by db-scheduler 16 for PostgreSQL.
CREATE TABLE scheduled_tasks (
    task_name            TEXT        NOT NULL,
    task_instance        TEXT        NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMPTZ NOT NULL,
    picked               BOOLEAN     NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMPTZ,
    last_failure         TIMESTAMPTZ,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMPTZ,
    version              BIGINT      NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- The resume view reads a conversation's touchpoints in order; handovers are marked on the touchpoint that moved
-- the conversation to another channel.
ALTER TABLE timeline_entry ADD COLUMN handover_from VARCHAR(64);
CREATE INDEX timeline_entry_conversation_idx ON timeline_entry (customer_id, conversation_id, occurred_at)
    WHERE conversation_id IS NOT NULL;
