package org.journeyledger.journey.audit;

import org.journeyledger.journey.config.JourneyProperties;
import org.journeyledger.journey.ledger.HashChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Takes, records and lists ledger checkpoints. A checkpoint is taken at a position a little in the past
 * ({@code journey.audit.checkpoint-settle}) so that no transaction still in flight can later commit an event below it.
 */
@Service
public class Checkpoints {

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration settle;
    private final CheckpointPublisher publisher;

    Checkpoints(JdbcTemplate jdbc, Clock clock, JourneyProperties properties, CheckpointPublisher publisher) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settle = properties.audit().checkpointSettle();
        this.publisher = publisher;
    }

    /** Takes a checkpoint from the stored hashes, records it in {@code ledger_checkpoint}, logs and publishes it. */
    public Optional<Checkpoint> take() {
        Instant now = clock.instant();
        // time_stamp is ISO-8601 UTC with fixed width, so text order is time order.
        Long position = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry WHERE time_stamp < ?",
                Long.class, org.axonframework.common.DateTimeUtils.formatInstant(now.minus(settle)));
        if (position == null) {
            return Optional.empty();
        }
        Checkpoint checkpoint = at(position, now);
        jdbc.update("INSERT INTO ledger_checkpoint (global_index, digest, streams, taken_at) VALUES (?, ?, ?, ?)",
                checkpoint.globalIndex(), checkpoint.digest(), checkpoint.streams(), Timestamp.from(now));
        log.info("Ledger checkpoint at global index {}: digest {} over {} streams", checkpoint.globalIndex(),
                checkpoint.digest(), checkpoint.streams());
        publisher.publish(checkpoint);
        return Optional.of(checkpoint);
    }

    /** The latest recorded checkpoints, newest first. */
    public List<Checkpoint> recent(int limit) {
        return jdbc.query("SELECT global_index, digest, streams, taken_at FROM ledger_checkpoint"
                        + " ORDER BY taken_at DESC, global_index DESC LIMIT ?",
                (rs, row) -> new Checkpoint(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        rs.getTimestamp(4).toInstant()), limit);
    }

    private Checkpoint at(long position, Instant takenAt) {
        StringBuilder lines = new StringBuilder();
        long[] streams = {0};
        jdbc.query("""
                SELECT DISTINCT ON (aggregate_identifier) aggregate_identifier, hash FROM domain_event_entry
                WHERE global_index <= ? ORDER BY aggregate_identifier, sequence_number DESC""", row -> {
            lines.append(row.getString(1)).append(':').append(row.getString(2)).append('\n');
            streams[0]++;
        }, position);
        return new Checkpoint(position, digest(lines), streams[0], takenAt);
    }

    static String digest(CharSequence lines) {
        return HashChain.sha256(lines.toString().getBytes(StandardCharsets.UTF_8));
    }
}
