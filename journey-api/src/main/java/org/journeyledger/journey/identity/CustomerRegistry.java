package org.journeyledger.journey.identity;

import org.journeyledger.journey.customer.CustomerId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which customer answers for each customer stream today: itself, or the survivor of the merges that absorbed it.
 * Updated in the transaction that records a merge or its undoing; the merge events are the truth, this is their
 * index.
 */
@Repository
public class CustomerRegistry {

    /** A customer stream's row, as a merge sees it under lock. */
    public record Entry(CustomerId customerId, Instant startedAt, CustomerId rootId) {

        public boolean isRoot() {
            return customerId.equals(rootId);
        }
    }

    private final JdbcTemplate jdbc;

    CustomerRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void register(CustomerId customerId, Instant startedAt) {
        jdbc.update("INSERT INTO customer (customer_id, started_at, root_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                customerId.value(), Timestamp.from(startedAt), customerId.value());
    }

    /** The customer that answers for this id today, or empty for an id the ledger never issued. */
    public Optional<CustomerId> rootOf(String customerId) {
        return jdbc.queryForList("SELECT root_id FROM customer WHERE customer_id = ?", String.class, customerId)
                .stream().findFirst().map(CustomerId::of);
    }

    /** The streams a customer answers for today: its own first, then those it absorbed. */
    public List<CustomerId> streamsOf(CustomerId root) {
        return jdbc.queryForList("SELECT customer_id FROM customer WHERE root_id = ? OR customer_id = ?"
                        + " ORDER BY customer_id = ? DESC, started_at", String.class, root.value(), root.value(),
                root.value()).stream().map(CustomerId::of).toList();
    }

    /**
     * Locks the customers' rows until the transaction ends, always in the same order so that two merges never wait
     * for each other in a circle.
     */
    List<Entry> lock(Collection<CustomerId> customers) {
        String[] ids = customers.stream().map(CustomerId::value).sorted().distinct().toArray(String[]::new);
        return jdbc.query("SELECT customer_id, started_at, root_id FROM customer WHERE customer_id = ANY (?)"
                        + " ORDER BY customer_id FOR UPDATE",
                (rs, row) -> new Entry(CustomerId.of(rs.getString(1)), rs.getTimestamp(2).toInstant(),
                        CustomerId.of(rs.getString(3))), (Object) ids);
    }

    void absorb(CustomerId absorbed, CustomerId survivor) {
        jdbc.update("UPDATE customer SET merged_into = ?, root_id = ? WHERE customer_id = ?", survivor.value(),
                survivor.value(), absorbed.value());
        jdbc.update("UPDATE customer SET root_id = ? WHERE root_id = ?", survivor.value(), absorbed.value());
    }

    /** The restored customer answers for itself again, and for the customers it had absorbed before. */
    void restore(CustomerId restored) {
        jdbc.update("UPDATE customer SET merged_into = NULL WHERE customer_id = ?", restored.value());
        jdbc.update("""
                WITH RECURSIVE members(customer_id) AS (
                    SELECT customer_id FROM customer WHERE customer_id = ?
                    UNION SELECT c.customer_id FROM customer c JOIN members m ON c.merged_into = m.customer_id)
                UPDATE customer SET root_id = ? WHERE customer_id IN (SELECT customer_id FROM members)
                """, restored.value(), restored.value());
    }
}
