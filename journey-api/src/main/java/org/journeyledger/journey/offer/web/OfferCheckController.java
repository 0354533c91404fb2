package org.journeyledger.journey.offer.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.journeyledger.journey.config.JourneyProperties;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.identity.IdentifierOwners;
import org.journeyledger.journey.offer.CheckOfferCommand;
import org.journeyledger.journey.offer.OfferCheckReason;
import org.journeyledger.journey.offer.OfferSuppressedEvent;
import org.journeyledger.journey.problem.FieldProblem;
import org.journeyledger.journey.problem.InvalidFieldsException;
import org.journeyledger.journey.touchpoint.ChannelCatalogue;
import org.springframework.http.MediaType;
import org.journeyledger.journey.transaction.RetriedTransactions;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Any channel asks here before it sends an offer. The customer's aggregate decides from its own history (recent
 * purchases, consents, open issues) and records the decision, so what marketing was told is auditable.
 */
@RestController
@RequestMapping(path = "/api/customers/{customerId}/offer-checks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Offers", description = "Ask whether an offer may go to a customer")
class OfferCheckController {

    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9_]{0,127}");
    private static final int MAX_SKUS = 1000;

    private final IdentifierOwners owners;
    private final ChannelCatalogue channels;
    private final CommandGateway commands;
    private final RetriedTransactions transactions;
    private final Clock clock;
    private final JourneyProperties.Offers settings;

    OfferCheckController(IdentifierOwners owners, ChannelCatalogue channels, CommandGateway commands,
                         RetriedTransactions transactions, Clock clock, JourneyProperties properties) {
        this.owners = owners;
        this.channels = channels;
        this.commands = commands;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = properties.offers();
    }

    /**
     * @param offerId optional id of the offer asked about
     * @param skus    the skus the offer is for
     * @param channel the channel that would send it
     * @param purpose the consent purpose it needs, e.g. {@code marketing_email}
     */
    record OfferCheckRequest(String offerId, List<String> skus, String channel, String purpose) {
    }

    /**
     * @param checkId the ledger event id of the recorded decision
     * @param allowed whether the offer may go to the customer
     * @param reasons why not, empty when allowed
     */
    record OfferCheckAnswer(String checkId, String customerId, boolean allowed, List<OfferCheckReason> reasons) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "May this offer go to the customer? Answers and records the decision",
            description = "Not allowed when a listed sku was bought within journey.offers.recent-purchase-window, "
                    + "when the customer has not granted (or withdrew) consent for the purpose, or while the "
                    + "customer has an open issue. The decision is recorded as OfferSuppressedEvent or "
                    + "OfferClearedEvent under the returned checkId.")
    OfferCheckAnswer check(@PathVariable String customerId, @RequestBody OfferCheckRequest request) {
        CustomerId id = owners.requireKnownCustomer(customerId);
        validate(request);
        String checkId = UUID.randomUUID().toString();
        CheckOfferCommand command = new CheckOfferCommand(id, checkId, blankToNull(request.offerId()),
                request.skus().stream().map(String::strip).distinct().toList(), request.channel(),
                request.purpose(), clock.instant(), settings.recentPurchaseWindow());
        Object decision = send(command);
        if (decision instanceof OfferSuppressedEvent suppressed) {
            return new OfferCheckAnswer(checkId, customerId, false, suppressed.reasons());
        }
        return new OfferCheckAnswer(checkId, customerId, true, List.of());
    }

    /** Sends the command in a transaction, again if a touchpoint for the same customer was appended meanwhile. */
    private Object send(CheckOfferCommand command) {
        return transactions.run(() -> commands.sendAndWait(command));
    }

    private void validate(OfferCheckRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request == null) {
            throw new InvalidFieldsException("", "must be a JSON object {offerId?, skus, channel, purpose}");
        }
        if (request.skus() == null || request.skus().isEmpty()) {
            problems.add(new FieldProblem("skus", "must list at least one sku"));
        } else if (request.skus().size() > MAX_SKUS) {
            problems.add(new FieldProblem("skus", "must list at most " + MAX_SKUS + " skus"));
        } else {
            for (int i = 0; i < request.skus().size(); i++) {
                String sku = request.skus().get(i);
                if (sku == null || sku.isBlank() || sku.length() > 128) {
                    problems.add(new FieldProblem("skus[" + i + "]", "must be a non-empty string of at most 128 "
                            + "characters"));
                }
            }
        }
        if (request.channel() == null || request.channel().isBlank()) {
            problems.add(new FieldProblem("channel", "is required"));
        } else if (!channels.isKnown(request.channel())) {
            problems.add(new FieldProblem("channel", "'" + request.channel() + "' is not a known channel; known "
                    + "channels are " + channels.names()));
        }
        if (request.purpose() == null || !PURPOSE.matcher(request.purpose()).matches()) {
            problems.add(new FieldProblem("purpose", "is required, lower-case snake case, e.g. marketing_email"));
        }
        if (request.offerId() != null && request.offerId().length() > 256) {
            problems.add(new FieldProblem("offerId", "must be at most 256 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldsException(problems);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
