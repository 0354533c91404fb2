package org.journeyledger.journey.identity;

import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A customer's history as the ledger reads it: the customer's own stream, plus the history of every customer it
 * absorbed (up to that customer's {@link CustomerMergedIntoEvent}), minus what an undone merge gave back, plus, for a
 * restored customer, the events the former survivor recorded for it meanwhile.
 * <p>
 * Streams are never rewritten: merging and unmerging only change how they are read, and this class is the one place
 * that says how. The aggregate, the live context, the timeline and as-of reads all use it, so they agree.
 */
public final class EffectiveHistory {

    /** Merged histories are read in the order the ledger recorded them; ties keep each stream's own order. */
    private static final Comparator<DomainEventMessage<?>> RECORDED_ORDER =
            Comparator.<DomainEventMessage<?>, Instant>comparing(DomainEventMessage::getTimestamp)
                    .thenComparing(DomainEventMessage::getAggregateIdentifier)
                    .thenComparingLong(DomainEventMessage::getSequenceNumber);

    private EffectiveHistory() {
    }

    /** The customer's whole history as it stands now. */
    public static List<DomainEventMessage<?>> of(String customerId, CustomerStreams streams) {
        return resolve(streams.read(customerId), streams, event -> true);
    }

    /** The customer's history as the ledger knew it at {@code asOf}: only events recorded until then count. */
    public static List<DomainEventMessage<?>> asOf(String customerId, Instant asOf, CustomerStreams streams) {
        Predicate<DomainEventMessage<?>> known = event -> !event.getTimestamp().isAfter(asOf);
        return resolve(streams.readRecordedBy(customerId, 0, asOf), streams, known);
    }

    /**
     * The rest of the customer's history as of {@code asOf}, for a reader that holds its beginning: the customer's own
     * events up to sequence number {@code lastSequence}, none a merge, unmerge or restore, which were its whole
     * history as of {@code since}. The history as of {@code asOf} is then those events followed by the ones returned
     * (recorded order), and only the stream after {@code lastSequence} is read. Empty when that is not so and the
     * whole history must be read: an event after {@code lastSequence} recorded by {@code since} (it committed after
     * the beginning was read) or a merge, unmerge or restore recorded by {@code asOf} (it changes which events count).
     */
    public static Optional<List<DomainEventMessage<?>>> asOfAfter(String customerId, long lastSequence, Instant since,
                                                                  Instant asOf, CustomerStreams streams) {
        if (asOf.isBefore(since)) {
            return Optional.empty();
        }
        List<DomainEventMessage<?>> after = new ArrayList<>();
        for (DomainEventMessage<?> event : streams.readRecordedBy(customerId, lastSequence + 1, asOf)) {
            if (!event.getTimestamp().isAfter(since) || changesHistory(event)) {
                return Optional.empty();
            }
            after.add(event);
        }
        after.sort(RECORDED_ORDER);
        return Optional.of(after);
    }

    /**
     * The customer's history up to and including {@code current}, which may not be stored yet (an event being
     * applied): what a reader that has just reached {@code current} in the customer's own stream must see.
     */
    public static List<DomainEventMessage<?>> through(DomainEventMessage<?> current, CustomerStreams streams) {
        List<DomainEventMessage<?>> own = new ArrayList<>();
        for (DomainEventMessage<?> event : streams.read(current.getAggregateIdentifier())) {
            if (event.getSequenceNumber() < current.getSequenceNumber()) {
                own.add(event);
            }
        }
        own.add(current);
        return resolve(own, streams, event -> true);
    }

    /**
     * The events an absorbed customer brought into a merge: its history up to the {@link CustomerMergedIntoEvent}
     * of that merge.
     */
    public static List<DomainEventMessage<?>> absorbedBy(CustomersMergedEvent merge, CustomerStreams streams) {
        return resolve(untilMergedInto(streams.read(merge.absorbedCustomerId().value()), merge.mergeId()), streams,
                event -> true);
    }

    private static List<DomainEventMessage<?>> resolve(List<? extends DomainEventMessage<?>> own,
                                                       CustomerStreams streams,
                                                       Predicate<DomainEventMessage<?>> known) {
        Map<String, DomainEventMessage<?>> history = new LinkedHashMap<>();
        Map<String, Set<String>> brought = new HashMap<>();
        for (DomainEventMessage<?> event : own) {
            // The payload type is known without deserialising (or decrypting) the payload; only the few identity
            // events need their payload here, the rest only when (and if) a fold reads them.
            Object payload = changesHistory(event) ? event.getPayload() : null;
            if (payload instanceof CustomersMergedEvent merged) {
                List<DomainEventMessage<?>> absorbed = resolve(
                        untilMergedInto(streams.read(merged.absorbedCustomerId().value()), merged.mergeId())
                                .stream().filter(known).toList(), streams, known);
                Set<String> ids = new HashSet<>();
                absorbed.forEach(e -> {
                    ids.add(e.getIdentifier());
                    history.put(e.getIdentifier(), e);
                });
                brought.put(merged.mergeId(), ids);
            } else if (payload instanceof CustomersUnmergedEvent unmerged) {
                brought.getOrDefault(unmerged.mergeId(), Set.of()).forEach(history::remove);
                unmerged.reassignedEventIds().forEach(history::remove);
            } else if (payload instanceof CustomerRestoredEvent restored) {
                Set<String> reassigned = Set.copyOf(restored.reassignedEventIds());
                for (DomainEventMessage<?> e : streams.read(restored.formerSurvivorId().value())) {
                    if (reassigned.contains(e.getIdentifier()) && known.test(e)) {
                        history.put(e.getIdentifier(), e);
                    }
                }
            }
            history.put(event.getIdentifier(), event);
        }
        List<DomainEventMessage<?>> ordered = new ArrayList<>(history.values());
        ordered.sort(RECORDED_ORDER);
        return ordered;
    }

    /**
     * Whether the event is a merge, an unmerge or a restore: an event that changes which events make up a history
     * rather than adding one to it. Decided by the payload type, without deserialising the payload.
     */
    public static boolean changesHistory(DomainEventMessage<?> event) {
        Class<?> type = event.getPayloadType();
        return CustomersMergedEvent.class.isAssignableFrom(type) || CustomersUnmergedEvent.class.isAssignableFrom(type)
                || CustomerRestoredEvent.class.isAssignableFrom(type);
    }

    private static List<? extends DomainEventMessage<?>> untilMergedInto(List<? extends DomainEventMessage<?>> stream,
                                                                         String mergeId) {
        for (int i = 0; i < stream.size(); i++) {
            DomainEventMessage<?> event = stream.get(i);
            if (CustomerMergedIntoEvent.class.isAssignableFrom(event.getPayloadType())
                    && event.getPayload() instanceof CustomerMergedIntoEvent into && into.mergeId().equals(mergeId)) {
                return stream.subList(0, i + 1);
            }
        }
        return stream;
    }
}
