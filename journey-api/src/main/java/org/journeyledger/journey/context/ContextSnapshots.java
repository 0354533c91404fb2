package org.journeyledger.journey.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The {@code context_snapshot} table: contexts as of settled instants, which {@link ContextAsOf} folds on from. A
 * cache only: a missing, unreadable or unwritable snapshot costs a longer fold, never a wrong or failed read.
 */
@Repository
public class ContextSnapshots {

    private static final Logger log = LoggerFactory.getLogger(ContextSnapshots.class);

    private final JdbcTemplate jdbc;

    ContextSnapshots(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A context as the ledger knew it at {@code asOf}, folded from the first {@code events} events of the customer's
     * history, which came from {@code streams}; when those were exactly the customer's own events up to sequence
     * number {@code lastSequence}, none a merge, unmerge or restore, {@code lastSequence} says so (it is empty
     * otherwise, and for snapshots saved before it was stored). The context itself is read from its stored document
     * only when asked for, since a snapshot that turns out not to fit is not used.
     */
    record Snapshot(Instant asOf, int events, Set<String> streams, OptionalLong lastSequence, String document) {

        /** The context, or empty (logged) when its document cannot be read: the snapshot is then not used. */
        Optional<CustomerContext> context() {
            return Optional.ofNullable(read(document));
        }
    }

    /** The instants of the customer's snapshots: a fold need not write again what is there. */
    Set<Instant> instants(String customerId) {
        return new HashSet<>(jdbc.query("SELECT as_of FROM context_snapshot WHERE customer_id = ?",
                (row, n) -> row.getObject(1, OffsetDateTime.class).toInstant(), customerId));
    }

    /** The customer's latest snapshot at or before {@code asOf}, if there is one. */
    Optional<Snapshot> latest(String customerId, Instant asOf) {
        List<Snapshot> found = jdbc.query("""
                        SELECT as_of, events, streams, last_sequence, document::text FROM context_snapshot
                        WHERE customer_id = ? AND as_of <= ? ORDER BY as_of DESC LIMIT 1
                        """,
                (row, n) -> {
                    Array streams = row.getArray(3);
                    long lastSequence = row.getLong(4);
                    return new Snapshot(row.getObject(1, OffsetDateTime.class).toInstant(), row.getInt(2),
                            Set.copyOf(Arrays.asList((String[]) streams.getArray())),
                            row.wasNull() ? OptionalLong.empty() : OptionalLong.of(lastSequence), row.getString(5));
                },
                customerId, at(asOf));
        return found.stream().findFirst();
    }

    /**
     * Saves a snapshot unless one exists for that instant or a stream it drew on has been erased meanwhile (an erasure
     * that committed while this fold was reading must not be undone by the fold's decrypted result). The keys are
     * read {@code FOR SHARE}: an erasure destroying one meanwhile waits for this insert and then deletes what it
     * wrote (it deletes snapshots after destroying the key), or this insert waits for the erasure and sees the key
     * destroyed.
     */
    void save(String customerId, Instant asOf, int events, CustomerContext context, Set<String> streams,
              OptionalLong lastSequence) {
        try {
            String document = ReadModelJson.mapper().writeValueAsString(context);
            jdbc.update(connection -> {
                var insert = connection.prepareStatement("""
                        INSERT INTO context_snapshot (customer_id, as_of, events, document, streams, last_sequence)
                        SELECT ?, ?, ?, ?::jsonb, ?, ?
                        WHERE NOT EXISTS (SELECT 1 FROM (SELECT destroyed_at FROM customer_data_key
                                                         WHERE customer_id = ANY (?) FOR SHARE) AS k
                                          WHERE k.destroyed_at IS NOT NULL)
                        ON CONFLICT DO NOTHING
                        """);
                Array ids = connection.createArrayOf("text", streams.toArray());
                insert.setString(1, customerId);
                insert.setObject(2, at(asOf));
                insert.setInt(3, events);
                insert.setString(4, document);
                insert.setArray(5, ids);
                insert.setObject(6, lastSequence.isPresent() ? lastSequence.getAsLong() : null, Types.BIGINT);
                insert.setArray(7, ids);
                return insert;
            });
        } catch (JsonProcessingException | DataAccessException e) {
            log.warn("Could not save the context of {} as of {}; as-of reads fold without it", customerId, asOf, e);
        }
    }

    /**
     * Deletes every snapshot that holds data of the stream: the stream's own, and those of customers that had
     * absorbed it. Part of an erasure, in its transaction.
     */
    public int forget(String stream) {
        return jdbc.update("DELETE FROM context_snapshot WHERE customer_id = ? OR streams @> ARRAY[?]::text[]",
                stream, stream);
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static CustomerContext read(String json) {
        try {
            return ReadModelJson.mapper().readValue(json, CustomerContext.class);
        } catch (JsonProcessingException e) {
            log.warn("Unreadable context snapshot ignored", e);
            return null;
        }
    }
}
