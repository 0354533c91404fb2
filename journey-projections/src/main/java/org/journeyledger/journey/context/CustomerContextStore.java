package org.journeyledger.journey.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
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

    private static final String UPSERT = """
            INSERT INTO customer_context (customer_id, document, updated_at) VALUES (?, ?::jsonb, ?)
            ON CONFLICT (customer_id) DO UPDATE SET document = EXCLUDED.document, updated_at = EXCLUDED.updated_at
            """;

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

    /** The live contexts of those customers the projection has seen, by customer id: one query for many. */
    Map<String, CustomerContext> findAll(Collection<String> customerIds) {
        Map<String, CustomerContext> found = new HashMap<>();
        jdbc.query("SELECT customer_id, document::text FROM customer_context WHERE customer_id = ANY (?)",
                (ResultSet row) -> {
                    found.put(row.getString(1), read(row.getString(2)));
                }, (Object) customerIds.toArray(String[]::new));
        return found;
    }

    void save(CustomerContext context) {
        jdbc.update(UPSERT, context.customerId, write(context), Timestamp.from(Instant.now()));
    }

    /** Upserts the documents in one JDBC batch: one round trip for a whole processing batch. */
    void saveAll(Collection<CustomerContext> contexts) {
        if (contexts.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.batchUpdate(UPSERT, contexts.stream()
                .map(context -> new Object[]{context.customerId, write(context), now})
                .toList());
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
