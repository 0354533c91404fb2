-- API keys of channel systems, agents' consoles, auditors and administrators (docs/security.md).
-- Only the SHA-256 of a key is stored: keys are 256-bit random values, so a fast unsalted hash cannot be reversed
-- by guessing, and a stolen copy of this table lets nobody in. Revoking sets revoked_at; rows are never deleted,
-- so the access log's credential names stay explained.
CREATE TABLE api_key (
    id                  uuid         PRIMARY KEY,
    name                varchar(128) NOT NULL UNIQUE,
    key_hash            bytea        NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
    roles               text[]       NOT NULL CHECK (cardinality(roles) > 0),
    -- A write-path rate limit of its own, else journey.security.rate-limit.* applies.
    requests_per_second integer      CHECK (requests_per_second > 0),
    burst               integer      CHECK (burst > 0),
    created_at          timestamptz  NOT NULL,
    revoked_at          timestamptz
);
