package org.journeyledger.journey.eventstore;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Axon's JDBC storage engine, able to read a group's customer streams ahead: their snapshots and the events after
 * them in one query each, and the last sequence numbers of the streams cached on this node in one more, instead of
 * two queries per customer loaded cold and one per customer found in the cache. A touchpoint group of 100 customers
 * made up to 200 round trips to the database before; with 100,000 customers most of them were cold loads.
 * <p>
 * What was read ahead serves this thread's reads until {@link #stopReadingAhead()}, and a stream stops being
 * served the moment this thread appends to it; anything not read ahead (another customer, a stream read from the
 * first event past a snapshot that the filter refused) is read from the database as Axon does. A stream another node
 * appends to after it was read ahead is stale exactly as a stream read a moment before a command was: the command's
 * append then collides on the stream's unique key and the transaction is repeated.
 */
final class ReadAheadStorageEngine extends JdbcEventStorageEngine {

    /** A customer's stream as read ahead: its snapshots, newest first, and its events from {@code from} on. */
    private record ReadStream(List<DomainEventData<?>> snapshots, long from, List<DomainEventData<?>> events) {
    }

    /** What this thread has read ahead: streams of customers loaded cold, last sequence numbers of all. */
    private record Ahead(Map<String, ReadStream> streams, Map<String, Long> lastSequences) {
    }

    /**
     * Most events read ahead after a customer's snapshot. A longer tail (snapshots off, or not yet taken after a burst)
     * is left to Axon, which reads and folds it in batches: a group of 100 customers with thousands of events each,
     * held at once, would not fit the heap.
     */
    static final int MAX_EVENTS_PER_STREAM = 200;

    private static final ThreadLocal<Ahead> AHEAD = new ThreadLocal<>();

    private final JdbcTemplate jdbc;

    ReadAheadStorageEngine(Builder builder, JdbcTemplate jdbc) {
        super(builder);
        this.jdbc = jdbc;
    }

    /**
     * Reads ahead, in the caller's transaction, the streams of {@code cold} (snapshots and the events after them) and
     * the last sequence numbers of {@code cached}, for this thread's loads until {@link #stopReadingAhead()}.
     */
    void readAhead(Collection<String> cold, Collection<String> cached) {
        Map<String, ReadStream> streams = new HashMap<>();
        Map<String, Long> lastSequences = new HashMap<>();
        if (!cold.isEmpty()) {
            String[] customers = cold.toArray(String[]::new);
            Map<String, List<DomainEventData<?>>> snapshots = new HashMap<>();
            jdbc.query("SELECT " + schema().domainEventFields() + " FROM " + schema().snapshotTable()
                            + " WHERE " + schema().aggregateIdentifierColumn() + " = ANY (?) ORDER BY "
                            + schema().aggregateIdentifierColumn() + ", " + schema().sequenceNumberColumn() + " DESC",
                    row -> {
                        DomainEventData<?> snapshot = getSnapshotData(row);
                        snapshots.computeIfAbsent(snapshot.getAggregateIdentifier(), id -> new ArrayList<>())
                                .add(snapshot);
                    }, (Object) customers);
            Long[] from = new Long[customers.length];
            for (int i = 0; i < customers.length; i++) {
                List<DomainEventData<?>> latest = snapshots.get(customers[i]);
                from[i] = latest == null ? 0 : latest.get(0).getSequenceNumber() + 1;
            }
            Map<String, List<DomainEventData<?>>> events = new HashMap<>();
            jdbc.query("SELECT " + schema().domainEventFields() + " FROM " + schema().domainEventTable()
                            + " JOIN unnest(?::varchar[], ?::bigint[]) AS ahead(customer_id, first_sequence)"
                            + " ON " + schema().aggregateIdentifierColumn() + " = ahead.customer_id AND "
                            + schema().sequenceNumberColumn() + " >= ahead.first_sequence AND "
                            + schema().sequenceNumberColumn() + " < ahead.first_sequence + " + MAX_EVENTS_PER_STREAM
                            + " ORDER BY "
                            + schema().aggregateIdentifierColumn() + ", " + schema().sequenceNumberColumn(),
                    row -> {
                        DomainEventData<?> event = getDomainEventData(row);
                        events.computeIfAbsent(event.getAggregateIdentifier(), id -> new ArrayList<>()).add(event);
                    }, customers, from);
            for (int i = 0; i < customers.length; i++) {
                List<DomainEventData<?>> stored = events.getOrDefault(customers[i], List.of());
                if (stored.size() >= MAX_EVENTS_PER_STREAM) {
                    continue; // maybe more: not served, nor its version
                }
                List<DomainEventData<?>> latest = snapshots.getOrDefault(customers[i], List.of());
                streams.put(customers[i], new ReadStream(latest, from[i], stored));
                if (!stored.isEmpty()) {
                    lastSequences.put(customers[i], stored.get(stored.size() - 1).getSequenceNumber());
                } else if (!latest.isEmpty()) {
                    lastSequences.put(customers[i], latest.get(0).getSequenceNumber());
                }
            }
        }
        if (!cached.isEmpty()) {
            jdbc.query("SELECT " + schema().aggregateIdentifierColumn() + ", max(" + schema().sequenceNumberColumn()
                            + ") FROM " + schema().domainEventTable() + " WHERE " + schema().aggregateIdentifierColumn()
                            + " = ANY (?) GROUP BY " + schema().aggregateIdentifierColumn(),
                    (RowCallbackHandler) row -> lastSequences.put(row.getString(1), row.getLong(2)),
                    (Object) cached.toArray(String[]::new));
        }
        AHEAD.set(new Ahead(streams, lastSequences));
    }

    void stopReadingAhead() {
        AHEAD.remove();
    }

    /**
     * The stream's last sequence number as read ahead (or as this thread has appended since), or {@code null} when
     * it was not read ahead.
     */
    static Long lastSequence(String customerId) {
        Ahead ahead = AHEAD.get();
        return ahead == null ? null : ahead.lastSequences().get(customerId);
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        ReadStream stream = readAhead(aggregateIdentifier);
        return stream == null ? super.readSnapshotData(aggregateIdentifier) : stream.snapshots().stream();
    }

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber, int batchSize) {
        ReadStream stream = readAhead(aggregateIdentifier);
        if (stream == null || firstSequenceNumber < stream.from()) {
            return super.fetchDomainEvents(aggregateIdentifier, firstSequenceNumber, batchSize);
        }
        return stream.events().stream().filter(event -> event.getSequenceNumber() >= firstSequenceNumber)
                .limit(batchSize).toList();
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        super.appendEvents(events, serializer);
        Ahead ahead = AHEAD.get();
        if (ahead != null) {
            for (EventMessage<?> event : events) {
                if (event instanceof DomainEventMessage<?> domainEvent) {
                    ahead.streams().remove(domainEvent.getAggregateIdentifier());
                    ahead.lastSequences().merge(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber(),
                            Math::max);
                }
            }
        }
    }

    private static ReadStream readAhead(String customerId) {
        Ahead ahead = AHEAD.get();
        return ahead == null ? null : ahead.streams().get(customerId);
    }

}
