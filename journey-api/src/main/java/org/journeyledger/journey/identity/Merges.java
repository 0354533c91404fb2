package org.journeyledger.journey.identity;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.transaction.ConcurrentChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Joins customers found to be one person, and splits them again, always inside the caller's transaction so that the
 * events of both customers, the identity index and the registry change together or not at all.
 * <p>
 * The survivor is the customer the ledger has known longest (earliest first touchpoint; the smaller id on a tie), so
 * the id an agent has been using for years stays the one that answers.
 */
@Service
public class Merges {

    private static final Logger log = LoggerFactory.getLogger(Merges.class);

    private final CommandGateway commands;
    private final CustomerRegistry registry;
    private final IdentifierOwners owners;
    private final CustomerStreams streams;
    private final MeterRegistry meters;

    Merges(CommandGateway commands, CustomerRegistry registry, IdentifierOwners owners, CustomerStreams streams,
           MeterRegistry meters) {
        this.commands = commands;
        this.registry = registry;
        this.owners = owners;
        this.streams = streams;
        this.meters = meters;
    }

    /** A merge that was undone. */
    public record Unmerged(String mergeId, CustomerId survivorId, CustomerId restoredId, MergeSplit split) {
    }

    /**
     * The first half of merging customers (all of which must still answer for themselves) into the oldest of them:
     * each absorbed customer records its {@link CustomerMergedIntoEvent}, its identifiers move to the survivor and
     * the survivor answers for it. The survivor's half is the returned absorptions, which the caller sends to it
     * (with the touchpoint that showed the merge, or alone by {@link #merge}).
     *
     * @throws ConcurrentChange when one of them was merged by a transaction that committed meanwhile
     */
    public Survivor prepare(Collection<CustomerId> customers, String reason, String evidence,
                            List<Identifier> identifiers, String actor) {
        List<CustomerRegistry.Entry> entries = registry.lock(customers);
        if (entries.size() != customers.stream().distinct().count()
                || entries.stream().anyMatch(entry -> !entry.isRoot())) {
            throw new ConcurrentChange("a customer to merge was merged or is unknown: " + customers);
        }
        CustomerId survivor = entries.stream()
                .min(Comparator.comparing(CustomerRegistry.Entry::startedAt)
                        .thenComparing(entry -> entry.customerId().value()))
                .orElseThrow().customerId();
        List<Absorption> absorptions = entries.stream().map(CustomerRegistry.Entry::customerId)
                .filter(id -> !id.equals(survivor)).map(absorbed -> {
                    String mergeId = UUID.randomUUID().toString();
                    commands.sendAndWait(new MergeCustomerIntoCommand(absorbed, survivor, mergeId));
                    owners.moveAll(absorbed, survivor);
                    registry.absorb(absorbed, survivor);
                    meters.counter("journey.identity.merges", "reason", reason).increment();
                    log.info("Merging customer {} into {} ({}, evidence {}, merge {})", absorbed, survivor, reason,
                            evidence, mergeId);
                    return new Absorption(absorbed, mergeId, reason, evidence, identifiers, actor);
                }).toList();
        return new Survivor(survivor, absorptions);
    }

    /** The customer that survives a merge, and what it is to absorb. */
    public record Survivor(CustomerId customerId, List<Absorption> absorptions) {
    }

    /** Merges the customers with no touchpoint to record: both halves. */
    public Survivor merge(Collection<CustomerId> customers, String reason, String evidence,
                          List<Identifier> identifiers, String actor) {
        Survivor survivor = prepare(customers, reason, evidence, identifiers, actor);
        commands.sendAndWait(new AbsorbCustomerCommand(survivor.customerId(), survivor.absorptions()));
        return survivor;
    }

    /**
     * Undoes a merge the customer (which must answer for itself) made: see {@link MergeSplit#plan} for what goes back.
     *
     * @throws MergeRefusedException when the customer made no such standing merge
     */
    public Unmerged unmerge(CustomerId survivor, String mergeId, String reason, String actor) {
        List<CustomerRegistry.Entry> locked = registry.lock(List.of(survivor));
        if (locked.isEmpty() || !locked.get(0).isRoot()) {
            throw new ConcurrentChange("customer " + survivor + " was merged meanwhile");
        }
        MergeSplit split;
        try {
            split = MergeSplit.plan(survivor.value(), mergeId, streams);
        } catch (IllegalArgumentException e) {
            throw new MergeRefusedException(e.getMessage());
        }
        CustomerId restored = split.restoredCustomerId();
        registry.lock(List.of(restored));
        commands.sendAndWait(new UndoMergeCommand(survivor, mergeId, reason, actor, split));
        commands.sendAndWait(new RestoreCustomerCommand(restored, survivor, mergeId, reason, actor, split));
        owners.giveBack(split.returnedIdentifiers(), survivor, restored);
        registry.restore(restored);
        meters.counter("journey.identity.unmerges").increment();
        log.info("Undid merge {}: customer {} split from {} ({} identifiers, {} events back; reason: {})", mergeId,
                restored, survivor, split.returnedIdentifiers().size(), split.reassignedEventIds().size(), reason);
        return new Unmerged(mergeId, survivor, restored, split);
    }
}
