package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The idempotency index: one receipt per {@code (source, sourceEventId)}, written in the same transaction as the
 * touchpoint's events, holding the answer to give on every redelivery and a fingerprint of the content to tell a
 * redelivery from a reused id.
 */
@Repository
class TouchpointReceipts {

    /** A stored receipt. */
    record Receipt(String customerId, String eventId, String fingerprint) {
    }

    private static final ObjectMapper CANONICAL = ReadModelJson.mapper().copy()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final JdbcTemplate jdbc;

    TouchpointReceipts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The receipts already stored for any of these touchpoints, by {@link #key}: one query for a whole group. */
    Map<List<String>, Receipt> findAll(List<Touchpoint> touchpoints) {
        String[] sources = touchpoints.stream().map(Touchpoint::source).toArray(String[]::new);
        String[] ids = touchpoints.stream().map(Touchpoint::sourceEventId).toArray(String[]::new);
        Map<List<String>, Receipt> found = new HashMap<>();
        jdbc.query("""
                SELECT r.source, r.source_event_id, r.customer_id, r.event_id, r.fingerprint
                FROM unnest(?::varchar[], ?::varchar[]) AS k(source, source_event_id)
                JOIN touchpoint_receipt r ON r.source = k.source AND r.source_event_id = k.source_event_id
                """, (ResultSet rs) -> {
            found.put(List.of(rs.getString(1), rs.getString(2)),
                    new Receipt(rs.getString(3), rs.getString(4), rs.getString(5)));
        }, sources, ids);
        return found;
    }

    /** What identifies a touchpoint forever: its source and the source's event id. */
    static List<String> key(Touchpoint touchpoint) {
        return List.of(touchpoint.source(), touchpoint.sourceEventId());
    }

    /** A receipt to record. */
    record NewReceipt(Touchpoint touchpoint, Receipt receipt, Instant at) {
    }

    /**
     * Records the receipts in one statement, each unless one exists. If another transaction is recording one of the
     * same touchpoints, this waits for it to end (the primary key's lock).
     *
     * @return false when a receipt for any of these touchpoints already exists
     */
    boolean recordAll(List<NewReceipt> receipts) {
        if (receipts.isEmpty()) {
            return true;
        }
        int inserted = jdbc.update("""
                        INSERT INTO touchpoint_receipt (source, source_event_id, customer_id, event_id, fingerprint,
                                                        recorded_at)
                        SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::char(64)[],
                                             ?::timestamptz[])
                        ON CONFLICT DO NOTHING
                        """,
                receipts.stream().map(r -> r.touchpoint().source()).toArray(String[]::new),
                receipts.stream().map(r -> r.touchpoint().sourceEventId()).toArray(String[]::new),
                receipts.stream().map(r -> r.receipt().customerId()).toArray(String[]::new),
                receipts.stream().map(r -> r.receipt().eventId()).toArray(String[]::new),
                receipts.stream().map(r -> r.receipt().fingerprint()).toArray(String[]::new),
                receipts.stream().map(r -> Timestamp.from(r.at())).toArray(Timestamp[]::new));
        return inserted == receipts.size();
    }

    /**
     * SHA-256 of the touchpoint's canonical JSON (object keys sorted at every level), so that the same touchpoint sent
     * with its keys in another order is still recognised as a redelivery.
     */
    static String fingerprint(Touchpoint touchpoint) {
        try {
            // Decimals without their trailing zeros: until the web mapper kept them (2026-11-24), 49.90 reached the
            // fingerprint as 49.9, and a redelivery across that upgrade must match the receipt stored before it.
            Object tree = withoutTrailingZeros(CANONICAL.convertValue(touchpoint, Map.class));
            byte[] canonical = CANONICAL.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint touchpoint " + touchpoint.sourceEventId(), e);
        }
    }

    private static Object withoutTrailingZeros(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(key, withoutTrailingZeros(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TouchpointReceipts::withoutTrailingZeros).toList();
        }
        return value;
    }
}
