package org.journeyledger.journey.erasure;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.journeyledger.journey.context.ContextSnapshots;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.eventstore.AggregateCache;
import org.journeyledger.journey.eventstore.SnapshotProtection;
import org.journeyledger.journey.identity.CustomerRegistry;
import org.journeyledger.journey.identity.IdentifierOwners;
import org.journeyledger.journey.transaction.RetriedTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Erases one customer stream: in one transaction it records the {@link CustomerErasedEvent} on the stream, destroys
 * the stream's data key (so every personal value ever stored for it becomes unreadable, while the stored bytes and
 * the hash chain stay as they are) and releases the customer's identifiers. Read models follow when their
 * projections handle the event. Erasing an erased customer changes nothing and answers the earlier erasure.
 * <p>
 * A customer made of several streams (a survivor and the customers it absorbed) is erased whole: every stream that
 * the customer answers for, in the same transaction.
 */
@Service
public class Erasure {

    private static final Logger log = LoggerFactory.getLogger(Erasure.class);
    private final RetriedTransactions transactions;
    private final CustomerRegistry registry;
    private final CommandGateway commands;
    private final DataKeys keys;
    private final IdentifierOwners owners;
    private final AggregateCache aggregates;
    private final ContextSnapshots snapshots;
    private final SnapshotProtection customerSnapshots;
    private final Clock clock;

    Erasure(RetriedTransactions transactions, CustomerRegistry registry, CommandGateway commands, DataKeys keys,
            IdentifierOwners owners, AggregateCache aggregates, ContextSnapshots snapshots,
            SnapshotProtection customerSnapshots, Clock clock) {
        this.transactions = transactions;
        this.registry = registry;
        this.commands = commands;
        this.keys = keys;
        this.owners = owners;
        this.aggregates = aggregates;
        this.snapshots = snapshots;
        this.customerSnapshots = customerSnapshots;
        this.clock = clock;
    }

    /** What an erasure request did. */
    public record Outcome(String customerId, String erasureEventId, boolean alreadyErased) {
    }

    /**
     * @param reason why (a legal basis or ticket reference); kept in clear forever, so it must not hold personal data
     */
    public Outcome erase(CustomerId customerId, String reason) {
        List<CustomerId> streams = registry.streamsOf(customerId);
        Outcome outcome = transactions.run(() -> {
            Outcome own = null;
            for (CustomerId stream : streams) {
                Outcome erased = attempt(stream, reason);
                own = own == null ? erased : own;
            }
            return own;
        }, race -> log.debug("Erasure of {} met a concurrent append; retrying", customerId, race));
        // Neither the key nor the aggregate's decrypted decision state (purchases, deals, conversations) may
        // outlive the erasure in this node's memory.
        streams.forEach(stream -> {
            keys.destroyed(stream.value());
            aggregates.forget(stream.value());
        });
        return outcome;
    }

    private Outcome attempt(CustomerId customerId, String reason) {
        String erasureId = UUID.randomUUID().toString();
        Instant at = clock.instant();
        String recorded = commands.sendAndWait(new EraseCustomerCommand(customerId, erasureId, reason, at));
        keys.destroy(customerId.value(), recorded, at);
        int released = owners.releaseAllOf(customerId);
        // As-of snapshots hold the stream's personal data decrypted, out of reach of the key's destruction.
        snapshots.forget(customerId.value());
        // The aggregate's snapshots are sealed with the destroyed key already; deleted all the same, as a snapshot
        // is only ever a cache of the stream.
        customerSnapshots.forget(customerId.value());
        boolean already = !erasureId.equals(recorded);
        if (!already) {
            log.info("Erased customer stream {} (erasure event {}): data key destroyed, {} identifiers released",
                    customerId, recorded, released);
        }
        return new Outcome(customerId.value(), recorded, already);
    }
}
