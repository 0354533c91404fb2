package org.journeyledger.journey.access;

import org.journeyledger.journey.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The append-only log of who read or changed which customer's personal data ({@code access_log}, V31): the database
 * refuses updates and deletes. Written by {@link AccessLogFilter} before the request is handled, so that data is
 * never served without its entry. How durable the entry is by then is {@link AccessLogProperties.Durability}.
 */
@Component
public class AccessLog {

    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final AccessLogProperties.Durability durability;

    public AccessLog(JdbcTemplate jdbc, Clock clock, TransactionTemplate transaction, AccessLogProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transaction = transaction;
        this.durability = properties.durability();
        if (durability == AccessLogProperties.Durability.DEFERRED) {
            log.warn("Access-log entries are committed without waiting for the disk "
                    + "(journey.access-log.durability=deferred): a crash of the database server can lose those of "
                    + "its last ~0.6 s");
        }
    }

    /** One access: who (credential and roles), when, what (action, method and path), whose (customer id). */
    public record Entry(long id, String customerId, Instant accessedAt, String credential, List<String> roles,
                        String action, String method, String path) {
    }

    /** A page of a customer's entries, newest first; {@code nextCursor} is null on the last page. */
    public record Page(List<Entry> items, String nextCursor) {
    }

    /** Records an access by the caller of the current request. */
    public void record(String customerId, String action, Caller caller, String method, String path) {
        if (durability == AccessLogProperties.Durability.DEFERRED) {
            // SET LOCAL: only this entry's commit skips the flush; the connection goes back to the pool unchanged.
            transaction.executeWithoutResult(status -> {
                jdbc.execute("SET LOCAL synchronous_commit = off");
                insert(customerId, action, caller, method, path);
            });
        } else {
            insert(customerId, action, caller, method, path);
        }
    }

    private void insert(String customerId, String action, Caller caller, String method, String path) {
        jdbc.update("INSERT INTO access_log (customer_id, accessed_at, credential, roles, action, method, path) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                customerId, Timestamp.from(clock.instant()), caller.name(), caller.rolesText(), action, method,
                path.length() > 1024 ? path.substring(0, 1024) : path);
    }

    /** The customer's entries older than the cursor (an entry id), newest first. */
    public Page page(String customerId, int limit, Long before) {
        List<Entry> entries = jdbc.query("SELECT id, customer_id, accessed_at, credential, roles, action, method, path "
                        + "FROM access_log WHERE customer_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                (rs, n) -> new Entry(rs.getLong("id"), rs.getString("customer_id"),
                        rs.getTimestamp("accessed_at").toInstant(), rs.getString("credential"),
                        List.of(rs.getString("roles").split(",")), rs.getString("action"), rs.getString("method"),
                        rs.getString("path")),
                customerId, before == null ? Long.MAX_VALUE : before, limit + 1);
        if (entries.size() <= limit) {
            return new Page(entries, null);
        }
        List<Entry> page = entries.subList(0, limit);
        return new Page(List.copyOf(page), Long.toString(page.get(limit - 1).id()));
    }
}
