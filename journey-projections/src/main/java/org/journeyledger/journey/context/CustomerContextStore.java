package org.journeyledger.journey.context;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes customer context documents: the {@code customer_context} table holds each document without its
 * orders, {@code customer_purchase} one row per order. A customer's document is read and written whole for every batch
 * of its events, and its orders were two thirds of it while they change far less often: the projection reads a
 * document without its orders, loads them only for an event about an earlier order, and writes only the orders
 * placed, returned or adjusted (see V55). Readers get the whole document.
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
    private static final String UPSERT_ORDER = """
            INSERT INTO customer_purchase (customer_id, position, document) VALUES (?, ?, ?::jsonb)
            ON CONFLICT (customer_id, position) DO UPDATE SET document = EXCLUDED.document
            """;
    /** The orders beyond those a context folded anew holds. */
    private static final String DELETE_ORDERS_FROM =
            "DELETE FROM customer_purchase WHERE customer_id = ? AND position >= ?";
    /** A customer's orders, to be joined laterally on {@code d}, a {@code customer_context} row. */
    private static final String ORDERS = """
            LEFT JOIN LATERAL (SELECT array_agg(p.position ORDER BY p.position) AS positions,
                                      array_agg(p.document::text ORDER BY p.position) AS orders
                               FROM customer_purchase p WHERE p.customer_id = d.customer_id) o ON true""";
    /**
     * The version of each asked-for row, and its document (without orders) only where the version is not the one the
     * caller knows.
     */
    private static final String CHANGED = """
            SELECT d.customer_id, d.version, CASE WHEN d.version = k.known THEN NULL ELSE d.document::text END
            FROM unnest(?::varchar[], ?::bigint[]) AS k(customer_id, known)
            JOIN customer_context d ON d.customer_id = k.customer_id
            """;

    /** The document as stored in {@code customer_context}: without the orders, which have rows of their own. */
    @JsonIgnoreProperties("purchases")
    private interface WithoutPurchases {
    }

    private static final ObjectWriter DOCUMENT = ReadModelJson.mapper().copy()
            .addMixIn(CustomerContext.class, WithoutPurchases.class).writerFor(CustomerContext.class);
    private static final ObjectReader ORDER = ReadModelJson.mapper().readerFor(PurchaseView.class);
    private static final ObjectWriter ORDER_WRITER = ReadModelJson.mapper().writerFor(PurchaseView.class);

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
        return jdbc.query("SELECT d.document::text, o.positions, o.orders FROM customer_context d " + ORDERS
                                + " WHERE d.customer_id = ?",
                (rs, row) -> read(rs.getString(1), rs.getArray(2), rs.getArray(3)), customerId)
                .stream().findFirst();
    }

    /**
     * The live context of the customer an id answers for today: its own, or its survivor's when a merge absorbed it.
     * Empty when the ledger has no customer with that id; the context of a customer whose first events the projection
     * has not folded yet is empty of facts. One round trip to the database instead of two (which customer, then its
     * document): each is a chance to wait for the CPU on a busy node, which is where a read's slowest times came from.
     */
    public Optional<CustomerContext> findAnsweringFor(String customerId) {
        return jdbc.query("SELECT c.root_id, d.document::text, o.positions, o.orders FROM customer c"
                                + " LEFT JOIN customer_context d ON d.customer_id = c.root_id " + ORDERS
                                + " WHERE c.customer_id = ?",
                (rs, row) -> rs.getString(2) == null ? CustomerContext.empty(rs.getString(1))
                        : read(rs.getString(2), rs.getArray(3), rs.getArray(4)),
                customerId).stream().findFirst();
    }

    /**
     * The stored versions of those customers the projection has seen, by customer id, with the documents of those whose
     * version is not the one in {@code known} (versions are never negative: absent means none is known): one query
     * for many, and no parsing of what the caller already holds. The documents come without their orders
     * ({@link #loadOrders} when an event needs them).
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
            found.put(row.getString(1), new StoredVersion(row.getLong(2),
                    document == null ? null : withoutOrders(read(document, null, null))));
        }, ids, versions);
        return found;
    }

    /** Adds to a document read without its orders the stored ones it does not hold. */
    void loadOrders(CustomerContext context) {
        Set<Integer> held = new HashSet<>();
        context.purchases.forEach(order -> held.add(order.position));
        jdbc.query("SELECT position, document::text FROM customer_purchase WHERE customer_id = ? ORDER BY position",
                (ResultSet row) -> {
                    if (!held.contains(row.getInt(1))) {
                        context.purchases.add(order(row.getInt(1), row.getString(2)));
                    }
                }, context.customerId);
        context.purchases.sort(CustomerContext.NEWEST_FIRST);
        context.ordersLoaded = true;
    }

    /** Writes one document outside any batch. */
    void save(CustomerContext context) {
        saveAll(List.of(context));
    }

    /**
     * Upserts the documents and their changed orders in JDBC batches: a round trip or two for a whole processing
     * batch.
     *
     * @return each document's size, in characters of JSON (without its orders, which it is left without), by customer
     */
    Map<String, Integer> saveAll(Collection<CustomerContext> contexts) {
        Map<String, Integer> sizes = new HashMap<>();
        if (contexts.isEmpty()) {
            return sizes;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> documents = new ArrayList<>(contexts.size());
        List<Object[]> replaced = new ArrayList<>();
        List<Object[]> orders = new ArrayList<>();
        for (CustomerContext context : contexts) {
            String json = write(DOCUMENT, context);
            sizes.put(context.customerId, json.length());
            documents.add(new Object[]{context.customerId, json, now});
            if (context.purchasesReplaced) {
                replaced.add(new Object[]{context.customerId, context.purchases.size()});
            }
            for (PurchaseView order : context.purchases) {
                if (order.changed) {
                    orders.add(new Object[]{context.customerId, order.position, write(ORDER_WRITER, order)});
                }
            }
        }
        jdbc.batchUpdate(UPSERT, documents);
        if (!replaced.isEmpty()) {
            jdbc.batchUpdate(DELETE_ORDERS_FROM, replaced);
        }
        if (!orders.isEmpty()) {
            jdbc.batchUpdate(UPSERT_ORDER, orders);
        }
        // As stored now, should the caller keep the documents: without their orders, as the projection reads them.
        contexts.forEach(CustomerContextStore::withoutOrders);
        return sizes;
    }

    private static CustomerContext read(String json, Array positions, Array orders) throws SQLException {
        try {
            CustomerContext context = ReadModelJson.mapper().readValue(json, CustomerContext.class);
            if (orders != null) {
                Object[] places = (Object[]) positions.getArray();
                Object[] documents = (Object[]) orders.getArray();
                context.purchases = new ArrayList<>(documents.length);
                for (int i = 0; i < documents.length; i++) {
                    context.purchases.add(order(((Number) places[i]).intValue(), (String) documents[i]));
                }
                context.purchases.sort(CustomerContext.NEWEST_FIRST);
            }
            return context;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable customer_context document; rebuild the projection", e);
        }
    }

    private static PurchaseView order(int position, String json) {
        try {
            PurchaseView order = ORDER.readValue(json);
            order.position = position;
            order.changed = false;
            return order;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable customer_purchase document; rebuild the projection", e);
        }
    }

    /** The document as the projection holds it between events: orders stay in their rows until an event needs them. */
    private static CustomerContext withoutOrders(CustomerContext context) {
        context.purchases = new ArrayList<>();
        context.ordersLoaded = context.purchaseCount == 0;
        context.purchasesReplaced = false;
        return context;
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a customer context document", e);
        }
    }
}
