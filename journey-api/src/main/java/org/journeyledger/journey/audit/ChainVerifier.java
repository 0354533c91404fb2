package org.journeyledger.journey.audit;

import org.journeyledger.journey.ledger.HashChain;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Recomputes hash chains from the stored bytes and names the first event that no longer matches: altered columns
 * or payload bytes, an altered hash, a missing event (gap in the sequence) or events out of order.
 */
@Component
public class ChainVerifier {

    private static final String COLUMNS = """
            SELECT event_identifier, aggregate_identifier, sequence_number, type, payload_type, payload_revision,
                   time_stamp, payload, meta_data, hash, global_index FROM domain_event_entry""";

    private final JdbcTemplate jdbc;

    ChainVerifier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The first event of a stream that does not verify. */
    public record Failure(String customerId, long sequence, String eventId, String problem, String expectedHash,
                          String foundHash) {
    }

    /**
     * The verdict on one stream.
     *
     * @param headGlobalIndex position in the whole ledger of the stream's last event
     */
    public record StreamVerdict(String customerId, boolean intact, long events, String headHash, long headGlobalIndex,
                                Failure failure) {
    }

    public StreamVerdict verify(String customerId) {
        return verify(customerId, Long.MAX_VALUE).verdict();
    }

    /**
     * Verifies a stream and also notes the verified hash of its last event at or before {@code globalIndex}, which a
     * ledger checkpoint taken at that position recorded.
     */
    Walk verify(String customerId, long globalIndex) {
        Walk walk = new Walk(customerId, globalIndex);
        jdbc.query(COLUMNS + " WHERE aggregate_identifier = ? ORDER BY sequence_number", walk, customerId);
        return walk;
    }

    /** Ids of every stream in the ledger, for a whole-ledger verification. */
    List<String> streams() {
        return jdbc.queryForList("SELECT DISTINCT aggregate_identifier FROM domain_event_entry ORDER BY 1", String.class);
    }

    static final class Walk implements RowCallbackHandler {
        private final String customerId;
        private final long checkpointIndex;
        private String previous = HashChain.GENESIS;
        private long expectedSequence;
        private long events;
        private long headGlobalIndex = -1;
        private String hashAtCheckpoint;
        private Failure failure;

        Walk(String customerId, long checkpointIndex) {
            this.customerId = customerId;
            this.checkpointIndex = checkpointIndex;
        }

        /** The verified hash of the stream's last event at or before the checkpoint position, or null. */
        String hashAtCheckpoint() {
            return hashAtCheckpoint;
        }

        @Override
        public void processRow(java.sql.ResultSet row) throws java.sql.SQLException {
            events++;
            if (failure != null) {
                return;
            }
            long sequence = row.getLong(3);
            String eventId = row.getString(1);
            String found = row.getString(10);
            if (sequence != expectedSequence) {
                failure = new Failure(customerId, sequence, eventId, sequence > expectedSequence
                        ? "event " + expectedSequence + " is missing (next stored event has sequence " + sequence + ")"
                        : "sequence " + sequence + " appears twice or out of order", null, found);
                return;
            }
            String expected = HashChain.link(previous, HashChain.canonical(eventId, row.getString(2), sequence,
                    row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getBytes(8),
                    row.getBytes(9)));
            if (!expected.equals(found)) {
                failure = new Failure(customerId, sequence, eventId,
                        "stored event does not match its hash: its bytes, its hash or an earlier event was altered",
                        expected, found);
                return;
            }
            previous = found;
            expectedSequence++;
            headGlobalIndex = row.getLong(11);
            if (headGlobalIndex <= checkpointIndex) {
                hashAtCheckpoint = found;
            }
        }

        StreamVerdict verdict() {
            return new StreamVerdict(customerId, failure == null && events > 0, events,
                    failure == null ? previous : null, headGlobalIndex, failure);
        }
    }
}
