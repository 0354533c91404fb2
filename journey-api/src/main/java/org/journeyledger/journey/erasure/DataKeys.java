package org.journeyledger.journey.erasure;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.erasure.PersonalDataCipher.Active;
import org.journeyledger.journey.erasure.PersonalDataCipher.Destroyed;
import org.journeyledger.journey.erasure.PersonalDataCipher.KeyState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.SecretKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-customer data keys in {@code customer_data_key}, each wrapped by the {@link MasterKey}. A key is created
 * with the first personal value of the customer's stream, in the append's transaction; erasure nulls it and sets
 * {@code destroyed_at}, after which no personal value of the customer can be written or read again.
 * <p>
 * Readers (aggregates, projections, as-of) keep unwrapped keys for {@link #CACHE_TIME} so that a replay does not ask
 * the database once per event; an erasure on this node drops the key at once, other nodes within that time. Both
 * caches hold at most {@code journey.erasure.cached-keys} customers, the least recently used giving way: a replay
 * reads the customers' events interleaved, so a cache smaller than the customers read within its time asks the
 * database (and unwraps) again for most events.
 */
final class DataKeys {

    private static final Logger log = LoggerFactory.getLogger(DataKeys.class);

    static final Duration CACHE_TIME = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final MasterKey masterKey;
    private final Cache<String, KeyState> cache;
    /**
     * Keys unwrapped for appends, by customer, with the wrapped bytes they came from. An append still reads the row
     * under its lock every time (that is what makes erasure safe); only the unwrapping, which costs more than the
     * read, is skipped when the row holds the very bytes unwrapped before.
     */
    private final Cache<String, Unwrapped> unwrapped;

    DataKeys(JdbcTemplate jdbc, MasterKey masterKey, int cachedKeys) {
        this.jdbc = jdbc;
        this.masterKey = masterKey;
        // Evictions on the caller's thread: the bound holds at once, and no pool thread handles keys.
        this.cache = Caffeine.newBuilder().maximumSize(cachedKeys).executor(Runnable::run)
                .expireAfter(new KeyExpiry()).build();
        this.unwrapped = Caffeine.newBuilder().maximumSize(cachedKeys).executor(Runnable::run).build();
    }
    /**
     * Refuses to start a node whose master key does not open the data keys already in the database (a backup restored
     * without its key file, a node given another key): it would start, generate nothing wrong at first, and then
     * answer 500 for every customer known before. One key, the oldest still in place, is unwrapped to tell.
     *
     * @param acknowledgedLost the operator's word that the key is lost for good: then only a warning
     */
    void checkMasterKey(boolean acknowledgedLost) {
        List<Map<String, Object>> oldest = jdbc.queryForList("SELECT customer_id, wrapped_key FROM customer_data_key "
                + "WHERE wrapped_key IS NOT NULL ORDER BY created_at, customer_id LIMIT 1");
        if (oldest.isEmpty()) {
            return;
        }
        String customerId = (String) oldest.get(0).get("customer_id");
        try {
            masterKey.unwrap(customerId, (byte[]) oldest.get(0).get("wrapped_key"));
        } catch (IllegalStateException wrongKey) {
            String problem = "The erasure master key does not open the data keys already in this database (customer "
                    + customerId + "): they were wrapped by another key. ";
            if (acknowledgedLost) {
                log.warn(problem + "Starting all the same (journey.erasure.master-key-lost=true): the personal data of "
                        + "every customer known before stays unreadable, and those customers can be neither written "
                        + "to nor erased.");
                return;
            }
            throw new IllegalStateException(problem + "Put the right key in place (journey.erasure.master-key, or the "
                    + "file erasure-master-key in journey.data-dir, restored from where it is kept apart from the "
                    + "database backups). Only if it is lost for good, start with journey.erasure.master-key-lost=true "
                    + "(docs/operations.md#losing-the-master-key).", wrongKey);
        }
    }


    /** Destroyed keys stay until evicted (nothing brings them back); active ones for {@link #CACHE_TIME}. */
    private static final class KeyExpiry implements Expiry<String, KeyState> {
        @Override
        public long expireAfterCreate(String customerId, KeyState state, long now) {
            return state instanceof Destroyed ? Long.MAX_VALUE : CACHE_TIME.toNanos();
        }

        @Override
        public long expireAfterUpdate(String customerId, KeyState state, long now, long remaining) {
            return expireAfterCreate(customerId, state, now);
        }

        @Override
        public long expireAfterRead(String customerId, KeyState state, long now, long remaining) {
            return remaining;
        }
    }

    private record Unwrapped(byte[] wrapped, SecretKey key) {
    }

    /**
     * The customer's key for encrypting in an append on {@code connection}, created if the customer has none yet.
     * The row was read {@code FOR SHARE} ({@link #lockedKeys}), so an erasure committing meanwhile waits for this
     * append, or this append sees the key destroyed.
     *
     * @param wrapped the wrapped key as read, an empty array when destroyed, null when the customer had no row
     * @throws CustomerErasedException when the customer was erased
     */
    SecretKey forAppend(Connection connection, String customerId, byte[] wrapped) throws SQLException {
        if (wrapped == null) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customer_data_key"
                    + " (customer_id, wrapped_key, created_at) VALUES (?, ?, ?) ON CONFLICT (customer_id) DO NOTHING")) {
                insert.setString(1, customerId);
                insert.setBytes(2, masterKey.wrap(customerId, MasterKey.newDataKey()));
                insert.setTimestamp(3, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            wrapped = lockedKey(connection, customerId);
        }
        if (wrapped == null || wrapped.length == 0) {
            unwrapped.invalidate(customerId);
            throw new CustomerErasedException(CustomerId.of(customerId));
        }
        Unwrapped known = unwrapped.getIfPresent(customerId);
        if (known != null && Arrays.equals(known.wrapped(), wrapped)) {
            return known.key();
        }
        SecretKey key = masterKey.unwrap(customerId, wrapped);
        unwrapped.put(customerId, new Unwrapped(wrapped, key));
        return key;
    }

    /**
     * The key rows of the customers of one append, read {@code FOR SHARE} in one statement: wrapped keys by customer,
     * an empty array for a destroyed key; customers without a row are not in the answer.
     */
    static Map<String, byte[]> lockedKeys(Connection connection, Collection<String> customerIds) throws SQLException {
        Map<String, byte[]> found = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT customer_id, wrapped_key, destroyed_at"
                + " FROM customer_data_key WHERE customer_id = ANY(?) ORDER BY customer_id FOR SHARE")) {
            select.setArray(1, connection.createArrayOf("varchar", customerIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byte[] wrapped = rows.getBytes(2);
                    found.put(rows.getString(1), rows.getTimestamp(3) != null || wrapped == null ? new byte[0]
                            : wrapped);
                }
            }
        }
        return found;
    }

    /** The wrapped key, an empty array when destroyed, or null when the customer has no row. */
    private static byte[] lockedKey(Connection connection, String customerId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT wrapped_key, destroyed_at FROM customer_data_key WHERE customer_id = ? FOR SHARE")) {
            select.setString(1, customerId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                byte[] wrapped = row.getBytes(1);
                return row.getTimestamp(2) != null || wrapped == null ? new byte[0] : wrapped;
            }
        }
    }

    /** The customer's key as a reader finds it; a customer without a row reads as erased (nothing can decrypt). */
    KeyState forRead(String customerId) {
        KeyState cached = cache.getIfPresent(customerId);
        if (cached != null) {
            return cached;
        }
        List<byte[]> rows = jdbc.query(
                "SELECT wrapped_key FROM customer_data_key WHERE customer_id = ? AND destroyed_at IS NULL",
                (row, n) -> row.getBytes(1), customerId);
        if (rows.isEmpty() || rows.get(0) == null) {
            // No row at all would be a key removed by hand; there is nothing to decrypt with either way. Not cached:
            // a key created by a transaction not yet visible here may still turn up.
            return new Destroyed();
        }
        KeyState state = new Active(masterKey.unwrap(customerId, rows.get(0)));
        cache.put(customerId, state);
        return state;
    }

    /** Whether the customer's key exists as the database has it now, past any cache of this node. */
    boolean isActive(String customerId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM customer_data_key"
                + " WHERE customer_id = ? AND destroyed_at IS NULL AND wrapped_key IS NOT NULL)", Boolean.class,
                customerId));
    }

    /**
     * Destroys the customer's key inside the caller's transaction (a customer who never had one gets a destroyed
     * row, so that no personal value can be written for them afterwards). Nothing happens if it already was.
     */
    void destroy(String customerId, String erasureEventId, Instant at) {
        jdbc.update("""
                INSERT INTO customer_data_key (customer_id, wrapped_key, created_at, destroyed_at, erasure_event_id)
                VALUES (?, NULL, ?, ?, ?)
                ON CONFLICT (customer_id) DO UPDATE
                    SET wrapped_key = NULL, destroyed_at = EXCLUDED.destroyed_at,
                        erasure_event_id = EXCLUDED.erasure_event_id
                    WHERE customer_data_key.destroyed_at IS NULL
                """, customerId, Timestamp.from(at), Timestamp.from(at), erasureEventId);
    }

    /** Forgets a key on this node once its destruction is committed. */
    void destroyed(String customerId) {
        cache.put(customerId, new Destroyed());
        unwrapped.invalidate(customerId);
    }
}
