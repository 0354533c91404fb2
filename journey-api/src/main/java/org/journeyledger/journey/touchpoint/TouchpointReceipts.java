package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

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

    Optional<Receipt> find(String source, String sourceEventId) {
        return jdbc.query("SELECT customer_id, event_id, fingerprint FROM touchpoint_receipt"
                                + " WHERE source = ? AND source_event_id = ?",
                        (rs, row) -> new Receipt(rs.getString(1), rs.getString(2), rs.getString(3)),
                        source, sourceEventId)
                .stream().findFirst();
    }

    /**
     * Records the receipt unless one exists. If another transaction is recording the same touchpoint, this waits for
     * it to end (the primary key's lock).
     *
     * @return false when a receipt for this touchpoint already exists
     */
    boolean record(Touchpoint touchpoint, String customerId, String eventId, String fingerprint, Instant at) {
        return jdbc.update("""
                        INSERT INTO touchpoint_receipt (source, source_event_id, customer_id, event_id, fingerprint,
                                                        recorded_at)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """, touchpoint.source(), touchpoint.sourceEventId(), customerId, eventId, fingerprint,
                Timestamp.from(at)) == 1;
    }

    /**
     * SHA-256 of the touchpoint's canonical JSON (object keys sorted at every level), so that the same touchpoint sent
     * with its keys in another order is still recognised as a redelivery.
     */
    static String fingerprint(Touchpoint touchpoint) {
        try {
            Object tree = CANONICAL.convertValue(touchpoint, Map.class);
            byte[] canonical = CANONICAL.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint touchpoint " + touchpoint.sourceEventId(), e);
        }
    }
}
