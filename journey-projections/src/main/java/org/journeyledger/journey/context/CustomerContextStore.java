package org.journeyledger.journey.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes customer context documents in the {@code customer_context} table.
 */
@Repository
public class CustomerContextStore {

    /**
     * A new row starts a new incarnation of the document (see V53); every later write adds one. The projection, the
     * only writer of a customer's row while it holds the customer's segment, can therefore tell the version it wrote.
     */
    private static final String UPSERT = """
            INSERT INTO customer_context (customer_id, document, updated_at, version)
            VALUES (?, ?::jsonb, ?, (1 + floor(random() * 2147483646))::bigint << 32)
            ON CONFLICT (customer_id) DO UPDATE SET document = EXCLUDED.document, updated_at = EXCLUDED.updated_at,
                                                    version = customer_context.version + 1
            """;
    /** The version of each asked-for row, and its document only where the version is not the one the caller knows. */
    private static final String CHANGED = """
            SELECT c.customer_id, c.version, CASE WHEN c.version = k.known THEN NULL ELSE c.document::text END
            FROM unnest(?::varchar[], ?::bigint[]) AS k(customer_id, known)
            JOIN customer_context c ON c.customer_id = k.customer_id
            """;

    /**
     * A stored document's version, and the document itself unless the caller already holds that version.
     *
     * @param document null when the caller's copy is current
     */
    record StoredVersion(long version, CustomerContext document) {
    }

    /** A document as written, its version after the write and its size as written (characters of JSON). */
    record Versioned(CustomerContext context, long version, int size) {
    }

    private final JdbcTemplate jdbc;

    public CustomerContextStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The customer's live context, if the projection has seen the customer. */
    public Optional<CustomerContext> find(String customerId) {
        List<String> documents = jdbc.queryForList(
                "SELECT document::text FROM customer_context WHERE customer_id = ?", String.class, customerId);
        return documents.stream().findFirst().map(CustomerContextStore::read);
    }

    /**
     * The live context of the customer an id answers for today: its own, or its survivor's when a merge absorbed it.
     * Empty when the ledger has no customer with that id; the context of a customer whose first events the projection
     * has not folded yet is empty of facts. One round trip to the database instead of two (which customer, then its
     * document): each is a chance to wait for the CPU on a busy node, which is where a read's slowest times came from.
     */
    public Optional<CustomerContext> findAnsweringFor(String customerId) {
        return jdbc.query("""
                        SELECT c.root_id, d.document::text FROM customer c
                        LEFT JOIN customer_context d ON d.customer_id = c.root_id
                        WHERE c.customer_id = ?""",
                (rs, row) -> rs.getString(2) == null ? CustomerContext.empty(rs.getString(1)) : read(rs.getString(2)),
                customerId).stream().findFirst();
    }

    /**
     * The stored versions of those customers the projection has seen, by customer id, with the documents of those whose
     * version is not the one in {@code known} (versions are never negative: absent means none is known): one query
     * for many, and no parsing of what the caller already holds.
     */
    Map<String, StoredVersion> findChanged(Collection<String> customerIds, Map<String, Long> known) {
        String[] ids = customerIds.toArray(String[]::new);
        Long[] versions = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            versions[i] = known.getOrDefault(ids[i], -1L);
        }
        Map<String, StoredVersion> found = new HashMap<>();
        jdbc.query(CHANGED, (ResultSet row) -> {
            String document = row.getString(3);
            found.put(row.getString(1), new StoredVersion(row.getLong(2), document == null ? null : read(document)));
        }, ids, versions);
        return found;
    }

    /** Writes one document outside any batch. */
    void save(CustomerContext context) {
        jdbc.update(UPSERT, context.customerId, write(context), Timestamp.from(Instant.now()));
    }

    /**
     * Upserts the documents in one JDBC batch: one round trip for a whole processing batch.
     *
     * @return each document's size as written, in characters of JSON, by customer
     */
    Map<String, Integer> saveAll(Collection<CustomerContext> contexts) {
        Map<String, Integer> sizes = new HashMap<>();
        if (contexts.isEmpty()) {
            return sizes;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> rows = new ArrayList<>(contexts.size());
        for (CustomerContext context : contexts) {
            String json = write(context);
            sizes.put(context.customerId, json.length());
            rows.add(new Object[]{context.customerId, json, now});
        }
        jdbc.batchUpdate(UPSERT, rows);
        return sizes;
    }

    private static CustomerContext read(String json) {
        try {
            return ReadModelJson.mapper().readValue(json, CustomerContext.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable customer_context document; rebuild the projection", e);
        }
    }

    private static String write(CustomerContext context) {
        try {
            return ReadModelJson.mapper().writeValueAsString(context);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise the context of " + context.customerId, e);
        }
    }
}
