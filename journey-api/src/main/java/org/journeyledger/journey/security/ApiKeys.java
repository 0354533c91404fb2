package org.journeyledger.journey.security;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API keys in PostgreSQL ({@code api_key}). A key's secret is shown once, when it is issued, and stored only as
 * its SHA-256: secrets are 256 random bits, so a fast hash is enough (nothing to guess), unlike a password that needs
 * a slow salted one; and it keeps the lookup a single indexed read.
 * <p>
 * A key found active is trusted for {@code journey.security.api-key-cache-ttl} (5 s) without that read: each of a
 * request's round trips to the database is a chance to wait for the CPU on a busy node, and the key's was a third
 * of a context read's slow ones. A revocation on this node is seen at once; on another node, within that time.
 * Unknown secrets are never remembered, so guessing cannot fill the memory.
 */
@Component
public class ApiKeys {

    /** Recognisable in logs and secret scanners, like other services' key prefixes. */
    static final String PREFIX = "jl_";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "id, name, roles, requests_per_second, burst, created_at, revoked_at";

    /** At most this many keys are remembered; past it the cache starts again empty. */
    private static final int CACHED_KEYS = 10_000;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration cacheTtl;
    private final Map<String, Cached> active = new ConcurrentHashMap<>();
    /** Counts revocations, so that a lookup that read a key before one committed does not cache it after. */
    private final AtomicLong revocations = new AtomicLong();

    private record Cached(ApiKey key, Instant until) {
    }

    public ApiKeys(JdbcTemplate jdbc, Clock clock, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cacheTtl = properties.apiKeyCacheTtl();
    }

    /** A new key and its secret, which is not stored and cannot be shown again. */
    public record IssuedKey(ApiKey key, String secret) {
    }

    /** Issues a key with a fresh random secret. */
    public IssuedKey issue(String name, Set<Role> roles, Integer requestsPerSecond, Integer burst) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return new IssuedKey(insert(name, roles, secret, requestsPerSecond, burst), secret);
    }

    /**
     * Stores a key with a secret chosen by the caller (the documented demo keys of the default run, test
     * credentials), unless a key of that name exists already; returns the key of that name.
     */
    public ApiKey register(String name, Set<Role> roles, String secret, Integer requestsPerSecond, Integer burst) {
        Optional<ApiKey> existing = byName(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return insert(name, roles, secret, requestsPerSecond, burst);
        } catch (DuplicateKeyException raced) {
            return byName(name).orElseThrow(() -> raced);
        }
    }

    private ApiKey insert(String name, Set<Role> roles, String secret, Integer requestsPerSecond, Integer burst) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("A key needs at least one role");
        }
        ApiKey key = new ApiKey(UUID.randomUUID(), name, EnumSet.copyOf(roles), requestsPerSecond, burst,
                clock.instant(), null);
        jdbc.update("INSERT INTO api_key (id, name, key_hash, roles, requests_per_second, burst, created_at) "
                        + "VALUES (?, ?, ?, ?::text[], ?, ?, ?)",
                key.id(), name, hash(secret), "{" + String.join(",", roles.stream().map(Role::name).toList()) + "}",
                requestsPerSecond, burst, Timestamp.from(key.createdAt()));
        return key;
    }

    /** The active key with this secret, if there is one (as of at most the cache's time to live ago). */
    public Optional<ApiKey> authenticate(String secret) {
        byte[] hash = hash(secret);
        String cacheKey = Base64.getEncoder().encodeToString(hash);
        Instant now = clock.instant();
        Cached cached = active.get(cacheKey);
        if (cached != null && now.isBefore(cached.until())) {
            return Optional.of(cached.key());
        }
        long revoked = revocations.get();
        Optional<ApiKey> key = jdbc.query("SELECT " + COLUMNS + " FROM api_key WHERE key_hash = ? "
                + "AND revoked_at IS NULL", MAPPER, (Object) hash).stream().findFirst();
        if (key.isEmpty()) {
            active.remove(cacheKey);
        } else if (!cacheTtl.isZero() && !cacheTtl.isNegative() && revocations.get() == revoked) {
            if (active.size() >= CACHED_KEYS) {
                active.clear();
            }
            active.put(cacheKey, new Cached(key.get(), now.plus(cacheTtl)));
        }
        return key;
    }

    /** Whether an active key has this secret (the default run's demo keys are looked for so). */
    public boolean isActive(String secret) {
        return authenticate(secret).isPresent();
    }

    public Optional<ApiKey> byName(String name) {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_key WHERE name = ?", MAPPER, name).stream().findFirst();
    }

    public List<ApiKey> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_key ORDER BY created_at, name", MAPPER);
    }

    public boolean anyActiveWithRole(Role role) {
        Boolean any = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM api_key WHERE revoked_at IS NULL "
                + "AND ? = ANY (roles))", Boolean.class, role.name());
        return Boolean.TRUE.equals(any);
    }

    /** Revokes the key (from then on it authenticates nothing); empty when there is no such key. */
    public Optional<ApiKey> revoke(UUID id) {
        jdbc.update("UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                Timestamp.from(clock.instant()), id);
        forgetActive();
        return jdbc.query("SELECT " + COLUMNS + " FROM api_key WHERE id = ?", MAPPER, id).stream().findFirst();
    }

    /** Revokes the key with this secret, if it is active. */
    public void revokeSecret(String secret) {
        jdbc.update("UPDATE api_key SET revoked_at = ? WHERE key_hash = ? AND revoked_at IS NULL",
                Timestamp.from(clock.instant()), hash(secret));
        forgetActive();
    }

    /** After a revocation has committed (each statement here commits on its own). */
    private void forgetActive() {
        revocations.incrementAndGet();
        active.clear();
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static final RowMapper<ApiKey> MAPPER = (rs, n) -> {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ApiKey(rs.getObject("id", UUID.class), rs.getString("name"), roles(rs.getArray("roles")),
                (Integer) rs.getObject("requests_per_second"), (Integer) rs.getObject("burst"),
                rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant());
    };

    private static Set<Role> roles(Array array) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream((String[]) array.getArray()).map(Role::parse).forEach(roles::add);
        return roles;
    }
}
