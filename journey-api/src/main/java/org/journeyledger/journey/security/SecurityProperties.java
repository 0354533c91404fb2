package org.journeyledger.journey.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The {@code journey.security.*} settings, listed with their defaults in {@code README.md} and explained in
 * {@code docs/security.md}.
 *
 * @param demoCredentials        create the documented demo keys; unset means "in the default run only" (embedded
 *                               PostgreSQL). Set to true with an external database, the application refuses to start
 * @param revokeDemoCredentials  revoke demo keys found in an external database at start instead of refusing to start
 * @param jwt                    bearer tokens
 * @param rateLimit              the write path's limit per credential
 * @param streamTicketTtl        how long a ticket for opening a live stream is valid
 * @param streamTicketSecret     HMAC secret signing stream tickets; unset, a random one per node (set the same on
 *                               every node of a cluster behind a load balancer without sticky sessions)
 * @param apiKeyCacheTtl         how long a node trusts a key it has found active without asking the database again;
 *                               a key revoked on another node is refused there within this time ({@code PT0S}: ask
 *                               on every request)
 */
@ConfigurationProperties("journey.security")
public record SecurityProperties(Boolean demoCredentials,
                                 @DefaultValue("false") boolean revokeDemoCredentials,
                                 @DefaultValue Jwt jwt,
                                 @DefaultValue RateLimit rateLimit,
                                 @DefaultValue("PT1M") Duration streamTicketTtl,
                                 String streamTicketSecret,
                                 @DefaultValue("PT5S") Duration apiKeyCacheTtl) {

    /**
     * Bearer tokens are checked by Spring Security's resource server: with the standard
     * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code .jwk-set-uri}, or with a shared secret.
     *
     * @param hmacSecret  a shared HMAC-SHA256 secret (at least 32 bytes) for tokens signed with HS256, instead of
     *                    an issuer's keys
     * @param scopePrefix scopes {@code <prefix>channel}, {@code <prefix>agent}, … grant those roles
     */
    public record Jwt(String hmacSecret, @DefaultValue("journey.") String scopePrefix) {
    }

    /**
     * A token bucket per credential on every write ({@code POST}, {@code PUT}, {@code DELETE} under {@code /api/}).
     *
     * @param requestsPerSecond sustained rate; a key may have its own ({@code api_key.requests_per_second})
     * @param burst             how many requests may come at once after a quiet spell
     */
    public record RateLimit(@DefaultValue("200") int requestsPerSecond, @DefaultValue("400") int burst) {
    }
}
