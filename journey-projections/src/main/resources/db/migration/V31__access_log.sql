-- Who read or changed which customer's personal data, for auditors (docs/security.md#access-log).
-- Append-only like the event store: the database refuses to update, delete or truncate it.
CREATE TABLE access_log (
    id           bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  varchar(64)  NOT NULL,
    accessed_at  timestamptz  NOT NULL,
    credential   varchar(256) NOT NULL,
    -- The roles the credential held (an API key's or a token's scopes), comma-separated.
    roles        varchar(256) NOT NULL,
    action       varchar(64)  NOT NULL,
    method       varchar(8)   NOT NULL,
    path         varchar(1024) NOT NULL
);

CREATE INDEX access_log_by_customer ON access_log (customer_id, id DESC);

CREATE FUNCTION refuse_access_log_rewrite() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access_log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER access_log_append_only
    BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION refuse_access_log_rewrite();

CREATE TRIGGER access_log_no_truncate
    BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_access_log_rewrite();
