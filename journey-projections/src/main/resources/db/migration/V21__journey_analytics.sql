-- Journey analytics read model (processing group journey-analytics): counters in daily buckets by occurredAt (UTC),
-- summed over a range when read. Rebuilt from the event store on a processor reset.

-- Interaction points: touchpoints per (day, channel, type), with sentiment and CSAT sums from interaction data and
-- inbound contacts / re-contacts for the re-contact rate.
CREATE TABLE analytics_interaction_point (
    day              DATE         NOT NULL,
    channel          VARCHAR(64)  NOT NULL,
    type             VARCHAR(64)  NOT NULL,
    touchpoints      BIGINT       NOT NULL DEFAULT 0,
    sentiment_sum    NUMERIC      NOT NULL DEFAULT 0,
    sentiment_count  BIGINT       NOT NULL DEFAULT 0,
    csat_sum         BIGINT       NOT NULL DEFAULT 0,
    csat_count       BIGINT       NOT NULL DEFAULT 0,
    inbound_contacts BIGINT       NOT NULL DEFAULT 0,
    recontacts       BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (day, channel, type)
);

-- A customer moving from one channel to another between consecutive touchpoints, bucketed by the later one's day.
CREATE TABLE analytics_transition (
    day          DATE        NOT NULL,
    from_channel VARCHAR(64) NOT NULL,
    to_channel   VARCHAR(64) NOT NULL,
    transitions  BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (day, from_channel, to_channel)
);

-- Promises by the day and channel they were made in, and what became of them.
CREATE TABLE analytics_promise (
    day            DATE        NOT NULL,
    channel        VARCHAR(64) NOT NULL,
    made           BIGINT      NOT NULL DEFAULT 0,
    kept_on_time   BIGINT      NOT NULL DEFAULT 0,
    kept_late      BIGINT      NOT NULL DEFAULT 0,
    broken         BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (day, channel)
);

-- What the projection needs to remember per customer: the latest touchpoint it saw (for transitions), the latest
-- inbound contact and the number of open issues (for re-contacts).
CREATE TABLE analytics_customer (
    customer_id      VARCHAR(64) NOT NULL PRIMARY KEY,
    last_channel     VARCHAR(64),
    last_occurred_at TIMESTAMPTZ,
    last_inbound_at  TIMESTAMPTZ,
    open_issues      INT         NOT NULL DEFAULT 0
);

-- Where and when each promise was made, so that keeping or breaking it counts in the bucket it was made in.
CREATE TABLE analytics_promise_origin (
    customer_id VARCHAR(64)  NOT NULL,
    promise_id  VARCHAR(256) NOT NULL,
    day         DATE         NOT NULL,
    channel     VARCHAR(64)  NOT NULL,
    PRIMARY KEY (customer_id, promise_id)
);
