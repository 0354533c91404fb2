-- A customer's orders leave the context document for rows of their own. The projection rewrote the whole document
-- for every event of the customer, and two thirds of an average document were orders that had not changed (see
-- docs/performance.md, eleventh pass): each order is now written when it is placed, returned or adjusted, and read
-- back with the document. `position` keys an order within its customer and orders ties between orders placed at the
-- same instant as the fold does: the number of orders folded before it (for the orders moved here below, their index
-- in the document's list, newest first, ties in folding order).
CREATE TABLE customer_purchase (
    customer_id VARCHAR(64) NOT NULL,
    position    INTEGER     NOT NULL,
    document    JSONB       NOT NULL,
    PRIMARY KEY (customer_id, position)
);

-- Documents hold their orders newest first, ties in the order they were folded: that list's index is their position.
INSERT INTO customer_purchase (customer_id, position, document)
SELECT c.customer_id, (o.ordinality - 1)::integer, o.value
FROM customer_context c
CROSS JOIN LATERAL jsonb_array_elements(c.document -> 'purchases') WITH ORDINALITY AS o(value, ordinality)
WHERE jsonb_typeof(c.document -> 'purchases') = 'array';

-- What stays is how many orders there are: the projection reads documents without their orders, and numbers the next.
UPDATE customer_context
SET document = (document - 'purchases')
               || jsonb_build_object('purchaseCount', jsonb_array_length(document -> 'purchases'))
WHERE jsonb_typeof(document -> 'purchases') = 'array';

-- As-of snapshots keep whole contexts, orders included; a fold continues from them, so they get the count too.
UPDATE context_snapshot
SET document = document || jsonb_build_object('purchaseCount', jsonb_array_length(document -> 'purchases'))
WHERE jsonb_typeof(document -> 'purchases') = 'array' AND document -> 'purchaseCount' IS NULL;
