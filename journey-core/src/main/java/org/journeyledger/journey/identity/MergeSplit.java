package org.journeyledger.journey.identity;

import org.axonframework.eventhandling.DomainEventMessage;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.promise.PromiseBrokenEvent;
import org.journeyledger.journey.promise.PromiseMadeEvent;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What undoing a merge gives back to the restored customer: the identifiers it brought or learned since, and the
 * events the survivor recorded for it after the merge.
 */
public record MergeSplit(CustomerId restoredCustomerId, List<Identifier> returnedIdentifiers,
                         List<String> reassignedEventIds) {

    public MergeSplit {
        returnedIdentifiers = List.copyOf(returnedIdentifiers);
        reassignedEventIds = List.copyOf(reassignedEventIds);
    }

    /**
     * Works out what goes back when the survivor undoes a merge. A touchpoint recorded on the survivor after the merge
     * goes back when it carried identifiers of the absorbed customer and none of the survivor's (a touchpoint carrying
     * both, such as the one that caused the merge, stays); with it go the identifiers it linked, every event it
     * caused, and the breaking of promises that go back.
     *
     * @throws IllegalArgumentException when the survivor's stream has no such merge, or it was undone already
     */
    public static MergeSplit plan(String survivorId, String mergeId, CustomerStreams streams) {
        List<? extends DomainEventMessage<?>> own = streams.read(survivorId);
        int marker = indexOfMerge(own, mergeId);
        CustomersMergedEvent merge = (CustomersMergedEvent) own.get(marker).getPayload();
        Set<Identifier> survivorSide = marker == 0 ? new HashSet<>()
                : linkedIn(EffectiveHistory.through(own.get(marker - 1), streams));
        List<DomainEventMessage<?>> absorbed = EffectiveHistory.absorbedBy(merge, streams);
        Set<Identifier> absorbedSide = new LinkedHashSet<>(linkedIn(absorbed));
        Set<String> promisesGoingBack = new HashSet<>();
        absorbed.forEach(event -> {
            if (event.getPayload() instanceof PromiseMadeEvent made) {
                promisesGoingBack.add(made.promiseId());
            }
        });

        List<String> reassigned = new ArrayList<>();
        Set<String> touchpointsGoingBack = new HashSet<>();
        List<DomainEventMessage<?>> pendingLinks = new ArrayList<>();
        for (DomainEventMessage<?> event : own.subList(marker + 1, own.size())) {
            Object payload = event.getPayload();
            if (payload instanceof CustomersUnmergedEvent unmerged && unmerged.mergeId().equals(mergeId)) {
                throw new IllegalArgumentException("Merge " + mergeId + " was already undone");
            } else if (payload instanceof CustomersMergedEvent other) {
                survivorSide.addAll(linkedIn(EffectiveHistory.absorbedBy(other, streams)));
            } else if (payload instanceof IdentifierLinkedEvent) {
                // Linked just before the touchpoint that carried it; it goes where that touchpoint goes.
                pendingLinks.add(event);
            } else if (payload instanceof TouchpointRecordedEvent touchpoint) {
                boolean goesBack = intersects(touchpoint.identifiers(), absorbedSide)
                        && !intersects(touchpoint.identifiers(), survivorSide);
                Set<Identifier> sideOfIt = goesBack ? absorbedSide : survivorSide;
                for (DomainEventMessage<?> link : pendingLinks) {
                    sideOfIt.add(((IdentifierLinkedEvent) link.getPayload()).identifier());
                    if (goesBack) {
                        reassigned.add(link.getIdentifier());
                    }
                }
                pendingLinks.clear();
                if (goesBack) {
                    touchpointsGoingBack.add(event.getIdentifier());
                    reassigned.add(event.getIdentifier());
                }
            } else if (payload instanceof CausedByTouchpoint caused
                    && touchpointsGoingBack.contains(caused.origin().touchpointEventId())) {
                reassigned.add(event.getIdentifier());
                if (payload instanceof PromiseMadeEvent made) {
                    promisesGoingBack.add(made.promiseId());
                }
            } else if (payload instanceof PromiseBrokenEvent broken && promisesGoingBack.contains(broken.promiseId())
                    || payload instanceof PossibleMatchProposedEvent proposed
                    && touchpointsGoingBack.contains(proposed.touchpointEventId())) {
                reassigned.add(event.getIdentifier());
            }
        }
        return new MergeSplit(merge.absorbedCustomerId(), List.copyOf(absorbedSide), reassigned);
    }

    private static int indexOfMerge(List<? extends DomainEventMessage<?>> own, String mergeId) {
        for (int i = 0; i < own.size(); i++) {
            if (own.get(i).getPayload() instanceof CustomersMergedEvent merged && merged.mergeId().equals(mergeId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("This customer made no merge " + mergeId);
    }

    private static Set<Identifier> linkedIn(List<DomainEventMessage<?>> history) {
        Set<Identifier> linked = new HashSet<>();
        history.forEach(event -> {
            if (event.getPayload() instanceof IdentifierLinkedEvent link) {
                linked.add(link.identifier());
            }
        });
        return linked;
    }

    private static boolean intersects(Collection<Identifier> carried, Set<Identifier> side) {
        return carried.stream().anyMatch(side::contains);
    }
}
