-- The timeline projection now runs in the customer-context processor (one read and decoding of each event for both
-- read models). Its own processor's tokens go. Where they stood exactly where the context's did (the usual case: the
-- application was stopped with both caught up), the context's tokens carry on for both. Otherwise neither read model
-- can continue from one token without missing or repeating events, so both are emptied and their tokens deleted: the
-- processor finds no token at start and rebuilds both from the first event.
DO $$
DECLARE
    context_tokens  TEXT[];
    timeline_tokens TEXT[];
BEGIN
    SELECT array_agg(segment || ':' || coalesce(encode(token, 'hex'), '-') ORDER BY segment)
      INTO context_tokens FROM token_entry WHERE processor_name = 'customer-context';
    SELECT array_agg(segment || ':' || coalesce(encode(token, 'hex'), '-') ORDER BY segment)
      INTO timeline_tokens FROM token_entry WHERE processor_name = 'timeline';
    IF timeline_tokens IS NOT NULL AND timeline_tokens IS DISTINCT FROM context_tokens THEN
        RAISE NOTICE 'The timeline and customer-context processors stood at different positions: both read models are emptied and will be rebuilt from the first event';
        DELETE FROM token_entry WHERE processor_name = 'customer-context';
        TRUNCATE customer_context, timeline_entry;
    END IF;
    DELETE FROM token_entry WHERE processor_name = 'timeline';
END $$;
