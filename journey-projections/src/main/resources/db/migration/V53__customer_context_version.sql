-- Each write of a customer's context document raises its version. The projection keeps recently written documents
-- in memory between batches and, instead of parsing a document again, reads only the versions and parses the
-- documents whose version is not the one it wrote (another node, a restart or a rolled-back batch).
ALTER TABLE customer_context ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
