-- Each write of a customer's context document changes its version. The projection keeps the documents it wrote in
-- memory between batches and, instead of parsing a document again, reads only the versions and parses the
-- documents whose version is not the one it wrote (another node, a restart or a rolled-back batch).
-- A version is (incarnation << 32) + writes, where a row created anew (after the table was emptied for a rebuild,
-- say) draws a random incarnation: a copy held from before then matches it only by a one-in-two-billion chance.
ALTER TABLE customer_context ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
