/**
 * Authentication and roles: API keys (stored as SHA-256 hashes) and OAuth2 bearer tokens, the role of each endpoint,
 * 401/403/429 as problem documents, the default run's demo keys, stream tickets and the write rate limit.
 * See {@code docs/security.md}.
 */
package org.journeyledger.journey.security;
