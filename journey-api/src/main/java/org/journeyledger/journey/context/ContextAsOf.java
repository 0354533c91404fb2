package org.journeyledger.journey.context;

import org.axonframework.eventhandling.DomainEventMessage;
import org.journeyledger.journey.JourneyProperties;
import org.journeyledger.journey.identity.CustomerStreams;
import org.journeyledger.journey.identity.EffectiveHistory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the ledger knew about a customer at a past moment: the customer's history as it stood then (its events, and
 * those of the customers it had absorbed by then, recorded up to that moment), folded by the very
 * {@link CustomerContext} fold the live projection uses, so the two views cannot drift apart. A late arrival (a POS
 * batch uploaded tonight about yesterday) is in today's context but not in one as of before it arrived; a merge made
 * today is not in yesterday's.
 * <p>
 * The history as of an instant holds only events recorded by then, and merges recorded later do not reach back, so
 * once the instant has settled (no transaction still in flight can commit an event stamped before it) the context as
 * of it never changes. Folding a long history is what makes as-of reads slow (each event is read, decrypted and
 * deserialised), so a fold saves {@link ContextSnapshots} along the way and later reads fold only the events after
 * the latest snapshot that still fits the history they read.
 */
@Component
public class ContextAsOf {

    private final CustomerStreams streams;
    private final ContextSnapshots snapshots;
    private final Clock clock;
    private final int snapshotEvery;
    private final Duration settle;

    ContextAsOf(CustomerStreams streams, ContextSnapshots snapshots, Clock clock, JourneyProperties properties) {
        this.streams = streams;
        this.snapshots = snapshots;
        this.clock = clock;
        this.snapshotEvery = properties.audit().asOfSnapshotEvery();
        this.settle = properties.audit().asOfSnapshotSettle();
    }

    public CustomerContext at(String customerId, Instant asOf) {
        List<DomainEventMessage<?>> history = EffectiveHistory.asOf(customerId, asOf, streams);
        Optional<ContextSnapshots.Snapshot> start = snapshots.latest(customerId, asOf)
                .filter(snapshot -> fits(snapshot, history));
        CustomerContext context = start.map(ContextSnapshots.Snapshot::context)
                .orElseGet(() -> CustomerContext.empty(customerId));
        int from = start.map(ContextSnapshots.Snapshot::events).orElse(0);
        Set<String> drawnOn = new HashSet<>(start.map(ContextSnapshots.Snapshot::streams).orElse(Set.of()));
        history.subList(0, from).forEach(event -> drawnOn.add(event.getAggregateIdentifier()));
        // A prefix of this history is the history as of its end only after the last merge, unmerge or restore:
        // before it, the prefix already holds (or lacks) events that change only at that event.
        int lastChange = -1;
        for (int i = history.size() - 1; i >= from && lastChange < 0; i--) {
            if (EffectiveHistory.changesHistory(history.get(i))) {
                lastChange = i;
            }
        }
        Instant settled = clock.instant().minus(settle);
        // Writing a snapshot serialises the whole context; one already stored at that instant is not written again.
        Set<Instant> stored = snapshotEvery > 0 ? snapshots.instants(customerId) : Set.of();
        for (int i = from; i < history.size(); i++) {
            DomainEventMessage<?> event = history.get(i);
            context.apply(event.getPayload(), event.getIdentifier(), event.getTimestamp());
            drawnOn.add(event.getAggregateIdentifier());
            int folded = i + 1;
            if (snapshotEvery > 0 && folded % snapshotEvery == 0 && i >= lastChange) {
                Instant boundary = boundaryAfter(event.getTimestamp());
                // Events sharing a timestamp stay on one side of a snapshot, and it must not claim to know more than
                // this history does (past asOf) or than has settled.
                boolean nothingBetween = folded == history.size() ? !boundary.isAfter(asOf)
                        : boundary.isBefore(history.get(folded).getTimestamp());
                if (nothingBetween && !boundary.isAfter(settled) && !stored.contains(boundary)) {
                    snapshots.save(customerId, boundary, folded, context, drawnOn);
                }
            }
        }
        return context;
    }

    /** The ledger event ids of the customer's history as the ledger knew it then, for the timeline as of then. */
    public List<String> eventIds(String customerId, Instant asOf) {
        return EffectiveHistory.asOf(customerId, asOf, streams).stream().map(DomainEventMessage::getIdentifier)
                .toList();
    }

    /**
     * Whether the history read now agrees with the snapshot: it has the same number of events up to the snapshot (an
     * event that committed late would add one) and no merge, unmerge or restore after it (which would change which
     * earlier events count).
     */
    private static boolean fits(ContextSnapshots.Snapshot snapshot, List<DomainEventMessage<?>> history) {
        int before = 0;
        while (before < history.size() && !history.get(before).getTimestamp().isAfter(snapshot.asOf())) {
            before++;
        }
        if (before != snapshot.events()) {
            return false;
        }
        return history.subList(before, history.size()).stream().noneMatch(EffectiveHistory::changesHistory);
    }

    /** The earliest instant the database stores exactly (microseconds) that is not before {@code timestamp}. */
    private static Instant boundaryAfter(Instant timestamp) {
        Instant micros = timestamp.truncatedTo(ChronoUnit.MICROS);
        return micros.equals(timestamp) ? micros : micros.plus(1, ChronoUnit.MICROS);
    }
}
