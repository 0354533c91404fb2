-- Erasure by crypto-shredding: one data key per customer stream, wrapped by the master key
-- (journey.erasure.master-key). Personal values in domain_event_entry payloads are encrypted with it; erasure sets
-- wrapped_key to NULL and destroyed_at, and from then on nothing of the customer's personal data can be read.
-- A destroyed key stays destroyed: the trigger refuses to give it back a value and refuses deleting rows (a deleted
-- row would let a later append create a fresh key for an erased customer).
CREATE TABLE customer_data_key (
    customer_id      VARCHAR(64) NOT NULL PRIMARY KEY,
    wrapped_key      BYTEA,
    created_at       TIMESTAMPTZ NOT NULL,
    destroyed_at     TIMESTAMPTZ,
    erasure_event_id VARCHAR(64),
    CONSTRAINT customer_data_key_destroyed CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);

CREATE FUNCTION customer_data_key_stays_destroyed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'customer_data_key rows are never deleted; erase a customer with POST /api/customers/{id}/erasure';
    END IF;
    IF OLD.destroyed_at IS NOT NULL THEN
        RAISE EXCEPTION 'the data key of customer % was destroyed and stays destroyed', OLD.customer_id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER customer_data_key_stays_destroyed
    BEFORE UPDATE OR DELETE ON customer_data_key
    FOR EACH ROW EXECUTE FUNCTION customer_data_key_stays_destroyed();
