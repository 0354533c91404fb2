package org.journeyledger.journey.context;

import org.axonframework.eventhandling.DomainEventMessage;
import org.journeyledger.journey.config.JourneyProperties;
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
import java.util.OptionalLong;
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
 * the latest snapshot that still fits the history they read. When that snapshot holds only the customer's own
 * events (no merge, unmerge or restore), a read reads only the events after it too.
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
        Optional<ContextSnapshots.Snapshot> latest = snapshots.latest(customerId, asOf);
        Optional<Fold> incremental = latest.flatMap(snapshot -> onOwnStream(customerId, asOf, snapshot));
        if (incremental.isPresent()) {
            return fold(customerId, asOf, incremental.get());
        }
        List<DomainEventMessage<?>> history = EffectiveHistory.asOf(customerId, asOf, streams);
        Optional<ContextSnapshots.Snapshot> fitting = latest.filter(snapshot -> fits(snapshot, history));
        Optional<CustomerContext> onSnapshot = fitting.flatMap(ContextSnapshots.Snapshot::context);
        int from = onSnapshot.isPresent() ? fitting.get().events() : 0;
        List<DomainEventMessage<?>> before = history.subList(0, from);
        Set<String> drawnOn = new HashSet<>(onSnapshot.isPresent() ? fitting.get().streams() : Set.of());
        before.forEach(event -> drawnOn.add(event.getAggregateIdentifier()));
        OptionalLong ownUpTo = OptionalLong.of(-1);
        for (DomainEventMessage<?> event : before) {
            ownUpTo = ownUpTo.isPresent() && event.getAggregateIdentifier().equals(customerId)
                    && !EffectiveHistory.changesHistory(event)
                    ? OptionalLong.of(Math.max(ownUpTo.getAsLong(), event.getSequenceNumber())) : OptionalLong.empty();
        }
        return fold(customerId, asOf, new Fold(onSnapshot.orElseGet(() -> CustomerContext.empty(customerId)), from,
                drawnOn, ownUpTo, history.subList(from, history.size())));
    }

    /**
     * Where a fold starts: {@code context}, folded from the first {@code folded} events of the history, drawn from
     * {@code drawnOn}, and the events of the history after them. When those first events are all the customer's own
     * and none is a merge, unmerge or restore, {@code ownUpTo} is the highest sequence number among them (-1 for
     * none); otherwise it is empty.
     */
    private record Fold(CustomerContext context, int folded, Set<String> drawnOn, OptionalLong ownUpTo,
                        List<DomainEventMessage<?>> rest) {
    }

    /**
     * The fold on a snapshot of the customer's own stream alone, reading only the stream after it, when the history as
     * of {@code asOf} is still the snapshot's events followed by those ({@link EffectiveHistory#asOfAfter}).
     */
    private Optional<Fold> onOwnStream(String customerId, Instant asOf, ContextSnapshots.Snapshot snapshot) {
        if (snapshot.lastSequence().isEmpty() || !snapshot.streams().equals(Set.of(customerId))
                || snapshot.lastSequence().getAsLong() + 1 != snapshot.events()) {
            return Optional.empty();
        }
        long lastSequence = snapshot.lastSequence().getAsLong();
        return EffectiveHistory.asOfAfter(customerId, lastSequence, snapshot.asOf(), asOf, streams)
                .flatMap(rest -> snapshot.context().map(context -> new Fold(context, snapshot.events(),
                        snapshot.streams(), OptionalLong.of(lastSequence), rest)));
    }

    private CustomerContext fold(String customerId, Instant asOf, Fold start) {
        CustomerContext context = start.context();
        List<DomainEventMessage<?>> rest = start.rest();
        Set<String> drawnOn = new HashSet<>(start.drawnOn());
        // A snapshot of exactly the customer's own events 0..n, none a merge, unmerge or restore, stores n, so that
        // later reads can read its stream from n + 1 on; sequence numbers of one stream are distinct, so k of them
        // up to k - 1 are 0..k-1.
        boolean ownOnly = start.ownUpTo().isPresent();
        long highest = start.ownUpTo().orElse(-1);
        // A prefix of this history is the history as of its end only after the last merge, unmerge or restore:
        // before it, the prefix already holds (or lacks) events that change only at that event.
        int lastChange = -1;
        for (int i = rest.size() - 1; i >= 0 && lastChange < 0; i--) {
            if (EffectiveHistory.changesHistory(rest.get(i))) {
                lastChange = i;
            }
        }
        Instant settled = clock.instant().minus(settle);
        // Writing a snapshot serialises the whole context; one already stored at that instant is not written again.
        Set<Instant> stored = null;
        // A snapshot is due at every multiple of snapshotEvery events and goes to the first event from there that
        // ends a timestamp: a customer written fast (a batch, an import) has several events to a millisecond, and
        // insisting on the multiple itself skipped most snapshots of such a stream.
        int due = snapshotEvery > 0 ? (start.folded() / snapshotEvery + 1) * snapshotEvery : Integer.MAX_VALUE;
        for (int i = 0; i < rest.size(); i++) {
            DomainEventMessage<?> event = rest.get(i);
            context.apply(event.getPayload(), event.getIdentifier(), event.getTimestamp());
            drawnOn.add(event.getAggregateIdentifier());
            ownOnly = ownOnly && event.getAggregateIdentifier().equals(customerId)
                    && !EffectiveHistory.changesHistory(event);
            highest = Math.max(highest, event.getSequenceNumber());
            int folded = start.folded() + i + 1;
            if (folded >= due && i >= lastChange) {
                Instant boundary = boundaryAfter(event.getTimestamp());
                // Events sharing a timestamp stay on one side of a snapshot, and it must not claim to know more than
                // this history does (past asOf) or than has settled.
                boolean nothingBetween = i + 1 == rest.size() ? !boundary.isAfter(asOf)
                        : boundary.isBefore(rest.get(i + 1).getTimestamp());
                if (nothingBetween && !boundary.isAfter(settled)) {
                    if (stored == null) {
                        stored = snapshots.instants(customerId);
                    }
                    if (!stored.contains(boundary)) {
                        snapshots.save(customerId, boundary, folded, context, drawnOn,
                                ownOnly && highest + 1 == folded ? OptionalLong.of(highest) : OptionalLong.empty());
                    }
                    due = (folded / snapshotEvery + 1) * snapshotEvery;
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
