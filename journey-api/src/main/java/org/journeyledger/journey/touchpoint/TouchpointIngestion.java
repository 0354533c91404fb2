package org.journeyledger.journey.touchpoint;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.eventstore.CustomersReadAhead;
import org.journeyledger.journey.identity.Absorption;
import org.journeyledger.journey.identity.CustomerRegistry;
import org.journeyledger.journey.identity.CustomersMergedEvent;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierOwners;
import org.journeyledger.journey.identity.IdentityGuardrails;
import org.journeyledger.journey.identity.KnownOwners;
import org.journeyledger.journey.identity.Merges;
import org.journeyledger.journey.identity.PossibleMatches;
import org.journeyledger.journey.problem.InvalidFieldsException;
import org.journeyledger.journey.transaction.ConcurrentChange;
import org.journeyledger.journey.transaction.OneAppend;
import org.journeyledger.journey.transaction.RetriedTransactions;
import org.journeyledger.journey.touchpoint.TouchpointReceipts.NewReceipt;
import org.journeyledger.journey.touchpoint.TouchpointReceipts.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;


import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Records a validated touchpoint on the right customer, exactly once per {@code (source, sourceEventId)}.
 * <p>
 * One transaction holds the receipt, the identifier claims, any merge the touchpoint causes and the appended events,
 * so either all of them are stored or none. Races between concurrent writers (two first touchpoints with the same new
 * email, two nodes appending to the same customer, a redelivery arriving while the original is being stored) surface
 * as unique-key violations; the loser rolls back and tries again, and on the next attempt sees the winner's committed
 * result.
 */
@Service
public class TouchpointIngestion {

    private static final Logger log = LoggerFactory.getLogger(TouchpointIngestion.class);
    /**
     * How many touchpoints of a Kafka or HTTP batch go into one transaction ({@link #recordTogether}): enough to
     * spread a commit's cost, few enough to hold customers' locks only briefly.
     */
    public static final int GROUP_SIZE = 100;

    private final RetriedTransactions transactions;
    private final CommandGateway commands;
    private final IdentifierOwners owners;
    private final CustomerRegistry registry;
    private final IdentityGuardrails guardrails;
    private final Merges merges;
    private final PossibleMatches matches;
    private final TouchpointReceipts receipts;
    private final CustomersReadAhead readAhead;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter retries;

    TouchpointIngestion(RetriedTransactions transactions, CommandGateway commands, IdentifierOwners owners,
                        CustomerRegistry registry, IdentityGuardrails guardrails, Merges merges,
                        PossibleMatches matches, TouchpointReceipts receipts, CustomersReadAhead readAhead,
                        Clock clock, MeterRegistry meters) {
        this.transactions = transactions;
        this.commands = commands;
        this.owners = owners;
        this.registry = registry;
        this.guardrails = guardrails;
        this.merges = merges;
        this.matches = matches;
        this.receipts = receipts;
        this.readAhead = readAhead;
        this.clock = clock;
        this.meters = meters;
        // Registered at start: an alert on a rate of retries needs the series before the first one.
        this.retries = Counter.builder("journey.touchpoints.retries")
                .description("Write attempts repeated after losing a race to another writer").register(meters);
    }

    /**
     * @throws SourceEventIdReusedException when a different touchpoint was recorded under the same source event id
     * @throws InvalidFieldsException       when every identifier of the touchpoint is on the blocklist
     */
    public IngestResult record(Touchpoint touchpoint) {
        String fingerprint = TouchpointReceipts.fingerprint(touchpoint);
        List<Touchpoint> one = List.of(touchpoint);
        IngestResult result = transactions.run(() -> recordAll(one, List.of(fingerprint)).get(0), race -> {
            log.debug("Touchpoint {}/{} lost a race; retrying", touchpoint.source(), touchpoint.sourceEventId(), race);
            retries.increment();
        });
        meters.counter("journey.touchpoints.ingested", "outcome", result.duplicate() ? "duplicate" : "stored")
                .increment();
        return result;
    }

    /**
     * Records consecutive touchpoints in one transaction, in order: one commit instead of one per touchpoint. All or
     * nothing: a lost race repeats the whole group, and a refusal of any one of them (or any other failure) stores
     * none and is thrown, so that the caller records them one by one and learns which one was refused.
     */
    public List<IngestResult> recordTogether(List<Touchpoint> touchpoints) {
        List<String> fingerprints = touchpoints.stream().map(TouchpointReceipts::fingerprint).toList();
        List<IngestResult> results = transactions.run(() -> recordAll(touchpoints, fingerprints), race -> {
            log.debug("A group of {} touchpoints lost a race; retrying", touchpoints.size(), race);
            retries.increment();
        });
        results.forEach(result -> meters.counter("journey.touchpoints.ingested",
                "outcome", result.duplicate() ? "duplicate" : "stored").increment());
        return results;
    }

    /**
     * Records the touchpoints in order in the current transaction. Their receipts are read in one query before and
     * written in one statement after them; each touchpoint adds its receipt to those known, so that the same
     * touchpoint twice in one group is still a redelivery. The owners of their identifiers are read in one query
     * too, those customers' streams in a few more, and the events of all of them are appended together.
     */
    private List<IngestResult> recordAll(List<Touchpoint> touchpoints, List<String> fingerprints) {
        Map<List<String>, Receipt> known = receipts.findAll(touchpoints);
        KnownOwners knownOwners = owners.knownOwnersOf(touchpoints.stream()
                .flatMap(touchpoint -> touchpoint.identifiers().stream()).distinct().toList());
        List<NewReceipt> added = new ArrayList<>();
        List<IngestResult> recorded = readAhead.during(knownOwners.customers(), () -> OneAppend.run(() -> {
            List<IngestResult> results = new ArrayList<>(touchpoints.size());
            for (int i = 0; i < touchpoints.size(); i++) {
                results.add(attempt(touchpoints.get(i), fingerprints.get(i), known, knownOwners, added));
            }
            return results;
        }));
        if (!receipts.recordAll(added)) {
            throw new ConcurrentChange("a redelivery of one of the touchpoints was stored concurrently");
        }
        return recorded;
    }

    /**
     * Records one touchpoint in the current transaction.
     *
     * @param known       the receipts stored for this touchpoint (and others of its group) when the transaction
     *                    began, to which this adds its own
     * @param knownOwners the owners of the group's identifiers, to which this adds its claims and merges
     * @param added       the receipts to record when the group is done, to which this adds its own
     */
    private IngestResult attempt(Touchpoint touchpoint, String fingerprint, Map<List<String>, Receipt> known,
                                 KnownOwners knownOwners, List<NewReceipt> added) {
        Receipt earlier = known.get(TouchpointReceipts.key(touchpoint));
        if (earlier != null) {
            return redelivery(touchpoint, fingerprint, earlier);
        }
        String eventId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Placement placement = place(touchpoint, eventId, now, knownOwners);
        Receipt receipt = new Receipt(placement.customerId().value(), eventId, fingerprint);
        known.put(TouchpointReceipts.key(touchpoint), receipt);
        added.add(new NewReceipt(touchpoint, receipt, now));
        commands.sendAndWait(new RecordTouchpointCommand(placement.customerId(), eventId, touchpoint,
                placement.linkable(), placement.absorptions()));
        placement.matches().forEach(match -> matches.propose(placement.customerId(), match.owner(),
                match.identifier(), eventId, now));
        return new IngestResult(placement.customerId().value(), eventId, false);
    }

    /** Where a touchpoint goes, which of its identifiers it may link, and which weak ones point at someone else. */
    private record Placement(CustomerId customerId, List<Identifier> linkable, List<WeakMatch> matches,
                             List<Absorption> absorptions) {
    }

    private record WeakMatch(CustomerId owner, Identifier identifier) {
    }

    /**
     * Resolves the touchpoint's customer: strong identifiers of several customers merge them; weak ones only resolve
     * a touchpoint that carries no strong identifier at all, and otherwise propose a match; blocklisted ones are
     * ignored. A touchpoint with a strong identifier nobody owns and weak ones owned by someone else (a new email on
     * a family tablet) starts a customer of its own: recorded on the tablet's owner, it would link the new email to
     * them, and a weak identifier would have joined two people by itself. Claims the identifiers no one owns yet,
     * within the per-type limit.
     */
    private Placement place(Touchpoint touchpoint, String eventId, Instant now, KnownOwners knownOwners) {
        List<Identifier> usable = touchpoint.identifiers().stream().filter(id -> !guardrails.isBlocked(id)).toList();
        if (usable.isEmpty()) {
            throw new InvalidFieldsException("identifiers", "carries no identifier the ledger can link: every one "
                    + "is on the blocklist of junk values (journey.identity.blocklist)");
        }
        Map<Identifier, CustomerId> owned = knownOwners.ownersOf(usable);
        TreeSet<String> strongOwners = new TreeSet<>();
        TreeSet<String> weakOwners = new TreeSet<>();
        owned.forEach((identifier, owner) ->
                (guardrails.isWeak(identifier) ? weakOwners : strongOwners).add(owner.value()));

        CustomerId customerId;
        List<Absorption> absorptions = List.of();
        if (strongOwners.size() > 1) {
            List<Identifier> shared = usable.stream().filter(id -> owned.containsKey(id) && !guardrails.isWeak(id))
                    .toList();
            Merges.Survivor survivor = merges.prepare(strongOwners.stream().map(CustomerId::of).toList(),
                    CustomersMergedEvent.SHARED_IDENTIFIER, eventId, shared, touchpoint.actor());
            customerId = survivor.customerId();
            absorptions = survivor.absorptions();
            knownOwners.merged(absorptions.stream().map(Absorption::absorbedCustomerId).toList(), customerId);
            owned.replaceAll((identifier, owner) -> strongOwners.contains(owner.value()) ? customerId : owner);
        } else if (!strongOwners.isEmpty()) {
            customerId = CustomerId.of(strongOwners.first());
        } else if (!weakOwners.isEmpty() && usable.stream().allMatch(guardrails::isWeak)) {
            customerId = CustomerId.of(weakOwners.first());
        } else {
            customerId = CustomerId.newId();
            registry.register(customerId, now);
        }

        List<Identifier> linkable = new ArrayList<>();
        List<WeakMatch> weakMatches = new ArrayList<>();
        Map<String, Integer> ownedByType = new HashMap<>();
        for (Identifier identifier : usable) {
            CustomerId owner = owned.get(identifier);
            if (owner == null) {
                // A customer started by this touchpoint owns nothing yet: no need to ask.
                int count = ownedByType.computeIfAbsent(identifier.type(),
                        type -> owned.isEmpty() ? 0 : owners.countOwned(customerId, type));
                if (count >= guardrails.limitFor(identifier.type())) {
                    meters.counter("journey.identity.guardrail", "rule", "limit", "type", identifier.type())
                            .increment();
                    log.warn("Customer {} already owns {} identifiers of type {}; {} stays on touchpoint {} only",
                            customerId, count, identifier.type(), identifier.asText(), eventId);
                    continue;
                }
                owners.claim(identifier, customerId, now);
                knownOwners.claimed(identifier, customerId);
                ownedByType.put(identifier.type(), count + 1);
                linkable.add(identifier);
            } else if (owner.equals(customerId)) {
                linkable.add(identifier);
            } else {
                weakMatches.add(new WeakMatch(owner, identifier));
            }
        }
        return new Placement(customerId, linkable, weakMatches, absorptions);
    }

    private static IngestResult redelivery(Touchpoint touchpoint, String fingerprint, Receipt receipt) {
        IngestResult original = new IngestResult(receipt.customerId(), receipt.eventId(), true);
        if (!receipt.fingerprint().equals(fingerprint)) {
            throw new SourceEventIdReusedException(touchpoint.source(), touchpoint.sourceEventId(), original);
        }
        return original;
    }
}
