package org.journeyledger.journey.erasure;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonTransientException;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.identity.IdentifierOwners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Erases one customer stream: in one transaction it records the {@link CustomerErasedEvent} on the stream, destroys
 * the stream's data key (so every personal value ever stored for it becomes unreadable, while the stored bytes and
 * the hash chain stay as they are) and releases the customer's identifiers. Read models follow when their
 * projections handle the event. Erasing an erased customer changes nothing and answers the earlier erasure.
 * <p>
 * A customer made of several streams (after a merge) is erased by calling {@link #erase} for each of them.
 */
@Service
public class Erasure {

    private static final Logger log = LoggerFactory.getLogger(Erasure.class);
    private static final int MAX_ATTEMPTS = 5;

    private final TransactionTemplate transaction;
    private final CommandGateway commands;
    private final DataKeys keys;
    private final IdentifierOwners owners;
    private final Clock clock;

    Erasure(TransactionTemplate transaction, CommandGateway commands, DataKeys keys, IdentifierOwners owners,
            Clock clock) {
        this.transaction = transaction;
        this.commands = commands;
        this.keys = keys;
        this.owners = owners;
        this.clock = clock;
    }

    /** What an erasure request did. */
    public record Outcome(String customerId, String erasureEventId, boolean alreadyErased) {
    }

    /**
     * @param reason why (a legal basis or ticket reference); kept in clear forever, so it must not hold personal data
     */
    public Outcome erase(CustomerId customerId, String reason) {
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome outcome = transaction.execute(status -> attempt(customerId, reason));
                keys.destroyed(customerId.value());
                return outcome;
            } catch (AxonTransientException | ConcurrencyFailureException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                log.debug("Erasure of {} met a concurrent append on attempt {}; retrying", customerId, attempt, e);
            }
        }
    }

    private Outcome attempt(CustomerId customerId, String reason) {
        String erasureId = UUID.randomUUID().toString();
        Instant at = clock.instant();
        String recorded = commands.sendAndWait(new EraseCustomerCommand(customerId, erasureId, reason, at));
        keys.destroy(customerId.value(), recorded, at);
        int released = owners.releaseAllOf(customerId);
        boolean already = !erasureId.equals(recorded);
        if (!already) {
            log.info("Erased customer {} (erasure event {}): data key destroyed, {} identifiers released",
                    customerId, recorded, released);
        }
        return new Outcome(customerId.value(), recorded, already);
    }
}
