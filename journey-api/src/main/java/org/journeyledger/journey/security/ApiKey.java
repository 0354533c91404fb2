package org.journeyledger.journey.security;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A stored API key, without its secret (only the secret's SHA-256 is kept).
 *
 * @param requestsPerSecond the key's own write-path rate limit, or null for {@code journey.security.rate-limit.*}
 * @param burst             the key's own burst, or null for the configured one
 * @param revokedAt         when it was revoked, null while it is valid
 */
public record ApiKey(UUID id, String name, Set<Role> roles, Integer requestsPerSecond, Integer burst,
                     Instant createdAt, Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
