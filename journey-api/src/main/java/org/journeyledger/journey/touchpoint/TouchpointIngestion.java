package org.journeyledger.journey.touchpoint;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonTransientException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierOwners;
import org.journeyledger.journey.touchpoint.TouchpointReceipts.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records a validated touchpoint on the right customer, exactly once per {@code (source, sourceEventId)}.
 * <p>
 * One transaction holds the receipt, the identifier claims and the appended events, so either all of them are stored
 * or none. Races between concurrent writers (two first touchpoints with the same new email, two nodes appending to the
 * same customer, a redelivery arriving while the original is being stored) surface as unique-key violations; the loser
 * rolls back and tries again, and on the next attempt sees the winner's committed result.
 */
@Service
public class TouchpointIngestion {

    private static final Logger log = LoggerFactory.getLogger(TouchpointIngestion.class);
    private static final int MAX_ATTEMPTS = 10;

    private final TransactionTemplate transaction;
    private final CommandGateway commands;
    private final IdentifierOwners owners;
    private final TouchpointReceipts receipts;
    private final Clock clock;
    private final MeterRegistry meters;

    TouchpointIngestion(TransactionTemplate transaction, CommandGateway commands, IdentifierOwners owners,
                        TouchpointReceipts receipts, Clock clock, MeterRegistry meters) {
        this.transaction = transaction;
        this.commands = commands;
        this.owners = owners;
        this.receipts = receipts;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * @throws ConflictingCustomersException when the identifiers belong to different customers
     * @throws SourceEventIdReusedException  when a different touchpoint was recorded under the same source event id
     */
    public IngestResult record(Touchpoint touchpoint) {
        String fingerprint = TouchpointReceipts.fingerprint(touchpoint);
        for (int attempt = 1; ; attempt++) {
            try {
                IngestResult result = transaction.execute(status -> attempt(touchpoint, fingerprint));
                meters.counter("journey.touchpoints.ingested", "outcome", result.duplicate() ? "duplicate" : "stored")
                        .increment();
                return result;
            } catch (RuntimeException e) {
                if (!lostARace(e) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                log.debug("Touchpoint {}/{} lost a race on attempt {}; retrying", touchpoint.source(),
                        touchpoint.sourceEventId(), attempt, e);
                meters.counter("journey.touchpoints.retries").increment();
                pause(attempt);
            }
        }
    }

    private IngestResult attempt(Touchpoint touchpoint, String fingerprint) {
        Optional<Receipt> earlier = receipts.find(touchpoint.source(), touchpoint.sourceEventId());
        if (earlier.isPresent()) {
            return redelivery(touchpoint, fingerprint, earlier.get());
        }
        Map<Identifier, CustomerId> owned = owners.ownersOf(touchpoint.identifiers());
        TreeSet<String> customers = new TreeSet<>();
        owned.values().forEach(owner -> customers.add(owner.value()));
        if (customers.size() > 1) {
            throw new ConflictingCustomersException(customers.stream().toList());
        }
        CustomerId customerId = customers.isEmpty() ? CustomerId.newId() : CustomerId.of(customers.first());
        String eventId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        if (!receipts.record(touchpoint, customerId.value(), eventId, fingerprint, now)) {
            throw new LostRace("a redelivery of the same touchpoint was stored concurrently");
        }
        for (Identifier identifier : touchpoint.identifiers()) {
            if (!owned.containsKey(identifier)) {
                owners.claim(identifier, customerId, now);
            }
        }
        commands.sendAndWait(new RecordTouchpointCommand(customerId, eventId, touchpoint));
        return new IngestResult(customerId.value(), eventId, false);
    }

    private static IngestResult redelivery(Touchpoint touchpoint, String fingerprint, Receipt receipt) {
        IngestResult original = new IngestResult(receipt.customerId(), receipt.eventId(), true);
        if (!receipt.fingerprint().equals(fingerprint)) {
            throw new SourceEventIdReusedException(touchpoint.source(), touchpoint.sourceEventId(), original);
        }
        return original;
    }

    private static boolean lostARace(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof LostRace || cause instanceof DuplicateKeyException
                    || cause instanceof ConcurrencyFailureException || cause instanceof AxonTransientException
                    || cause instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying a touchpoint", e);
        }
    }

    /** Signals that a concurrent writer got there first; the attempt is rolled back and repeated. */
    private static final class LostRace extends RuntimeException {
        LostRace(String message) {
            super(message, null, false, false);
        }
    }
}
