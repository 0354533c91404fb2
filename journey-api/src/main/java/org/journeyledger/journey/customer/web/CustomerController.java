package org.journeyledger.journey.customer.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.journeyledger.journey.context.ContextAsOf;
import org.journeyledger.journey.context.CustomerContext;
import org.journeyledger.journey.context.CustomerContextStore;
import org.journeyledger.journey.config.JourneyProperties;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierNormalizer;
import org.journeyledger.journey.identity.IdentifierOwners;
import org.journeyledger.journey.identity.InvalidIdentifierException;
import org.journeyledger.journey.problem.InvalidFieldsException;
import org.journeyledger.journey.problem.NotFoundException;
import org.journeyledger.journey.timeline.TimelinePage;
import org.journeyledger.journey.timeline.TimelineQuery;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;

/**
 * The read side for agents, apps and other channels: find a customer by any identifier, read their context and
 * their cross-channel timeline.
 */
@RestController
@RequestMapping(path = "/api/customers", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Customers", description = "Find a customer and read what the ledger knows")
class CustomerController {

    private final IdentifierNormalizer normalizer;
    private final IdentifierOwners owners;
    private final CustomerContextStore contexts;
    private final TimelineQuery timeline;
    private final ContextAsOf asOfContexts;
    private final Clock clock;
    private final JourneyProperties.Offers offers;
    private final Timer liveReads;
    private final Timer asOfReads;

    CustomerController(IdentifierNormalizer normalizer, IdentifierOwners owners, CustomerContextStore contexts,
                       TimelineQuery timeline, ContextAsOf asOfContexts, Clock clock, JourneyProperties properties,
                       MeterRegistry meters) {
        this.normalizer = normalizer;
        this.owners = owners;
        this.contexts = contexts;
        this.timeline = timeline;
        this.asOfContexts = asOfContexts;
        this.clock = clock;
        this.offers = properties.offers();
        this.liveReads = readTimer(meters, false);
        this.asOfReads = readTimer(meters, true);
    }

    private static Timer readTimer(MeterRegistry meters, boolean asOf) {
        return Timer.builder("journey.context.read").tag("as_of", String.valueOf(asOf))
                .description("Time to read and evaluate one customer's context (as of a past instant: to fold it)")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** The customer an identifier resolved to, with the identifier as the ledger normalised it. */
    record Resolution(String customerId, Identifier identifier) {
    }

    @GetMapping("/resolve")
    @Operation(summary = "Find the customer an identifier belongs to",
            description = "The identifier is TYPE:VALUE as the caller spells it (email in any case, phone in local "
                    + "format); URL-encode it, in particular '+' as %2B.")
    Resolution resolve(@Parameter(example = "email:Ana.Lopez@example.com") @RequestParam String identifier) {
        int colon = identifier.indexOf(':');
        if (colon <= 0) {
            throw new InvalidFieldsException("identifier", "must be TYPE:VALUE, e.g. email:ana@example.com");
        }
        Identifier normalized;
        try {
            normalized = normalizer.normalize(identifier.substring(0, colon), identifier.substring(colon + 1));
        } catch (InvalidIdentifierException e) {
            throw new InvalidFieldsException("identifier", e.getMessage());
        }
        CustomerId owner = owners.ownerOf(normalized).orElseThrow(() ->
                new NotFoundException("No customer is known by " + normalized.asText()));
        return new Resolution(owner.value(), normalized);
    }

    @GetMapping("/{customerId}/context")
    @Operation(summary = "What the ledger knows about the customer: identifiers, conversations, facts, issues, "
            + "promises, purchases, deals, offers, consents and computed attributes",
            description = "Deal status, offer validity, price protection and the computed attributes are relative "
                    + "to the time of the request. With asOf (ISO-8601 instant), the context exactly as the ledger "
                    + "knew it then: the events recorded up to that instant, folded by the same code as the live "
                    + "context, and evaluated at that instant. An id absorbed by a merge answers with the survivor's "
                    + "context (customerId is the survivor's); with asOf, with its own context as it stood then.")
    CustomerContext context(@PathVariable String customerId, @RequestParam(required = false) Instant asOf) {
        return (asOf == null ? liveReads : asOfReads).record(() -> read(customerId, asOf));
    }

    private CustomerContext read(String customerId, Instant asOf) {
        if (asOf != null) {
            known(customerId);
            // As of a past moment, the id asked about is read as it stood then, even if it was absorbed since.
            return asOfContexts.at(customerId, asOf).evaluatedAt(asOf, offers.priceProtectionWindow());
        }
        // A customer whose first events the projection has not folded yet still exists: show an empty context
        // rather than a 404 that would send the agent looking for someone else.
        return contexts.findAnsweringFor(customerId)
                .orElseThrow(() -> new NotFoundException("No customer has the id " + customerId))
                .evaluatedAt(clock.instant(), offers.priceProtectionWindow());
    }

    @GetMapping("/{customerId}/timeline")
    @Operation(summary = "The customer's touchpoints across channels, newest occurredAt first",
            description = "Pass nextCursor of a page as cursor to get the next (older) page; paging stays stable "
                    + "while new touchpoints arrive. With asOf, only touchpoints recorded up to that instant. An id "
                    + "absorbed by a merge answers with the survivor's timeline (asOf: with its own as it stood then).")
    TimelinePage timeline(@PathVariable String customerId,
                          @RequestParam(defaultValue = "50") int limit,
                          @RequestParam(required = false) String cursor,
                          @RequestParam(required = false) Instant asOf) {
        CustomerId id = known(customerId);
        if (limit < 1 || limit > TimelineQuery.MAX_LIMIT) {
            throw new InvalidFieldsException("limit", "must be between 1 and " + TimelineQuery.MAX_LIMIT);
        }
        try {
            return asOf == null ? timeline.page(id.value(), limit, cursor)
                    : timeline.pageOf(asOfContexts.eventIds(customerId, asOf), limit, cursor);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldsException("cursor", e.getMessage());
        }
    }

    private CustomerId known(String customerId) {
        return owners.requireKnownCustomer(customerId);
    }
}
