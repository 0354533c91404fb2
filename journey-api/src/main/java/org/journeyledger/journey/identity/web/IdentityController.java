package org.journeyledger.journey.identity.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.identity.Absorption;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierOwners;
import org.journeyledger.journey.identity.Merges;
import org.journeyledger.journey.identity.MergeRefusedException;
import org.journeyledger.journey.identity.PossibleMatches;
import org.journeyledger.journey.problem.FieldProblem;
import org.journeyledger.journey.problem.InvalidFieldsException;
import org.journeyledger.journey.transaction.RetriedTransactions;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Identity decisions people make: an agent confirms or rejects a possible match; an agent or auditor undoes a wrong
 * merge. Each is recorded as events on the customers concerned, with who decided and why.
 */
@RestController
@RequestMapping(path = "/api/customers/{customerId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Identity", description = "Undo a merge; confirm or reject a possible match")
class IdentityController {

    private final IdentifierOwners owners;
    private final Merges merges;
    private final PossibleMatches matches;
    private final RetriedTransactions transactions;
    private final Clock clock;

    IdentityController(IdentifierOwners owners, Merges merges, PossibleMatches matches,
                       RetriedTransactions transactions, Clock clock) {
        this.owners = owners;
        this.merges = merges;
        this.matches = matches;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Which merge to undo, why, and who decided. */
    record UnmergeRequest(String mergeId, String reason, String actor) {
    }

    /** Who decided about a possible match, and (for a rejection) why. */
    record MatchDecision(String actor, String reason) {
    }

    record UnmergeAnswer(String mergeId, String customerId, String restoredCustomerId,
                         List<Identifier> returnedIdentifiers, List<String> reassignedEventIds) {
    }

    record MatchAnswer(String matchId, String decision, String customerId, List<String> mergeIds) {
    }

    @PostMapping(path = "/unmerge", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Undo a merge this customer made",
            description = "The absorbed customer becomes a customer of its own again with its identifiers and "
                    + "history; touchpoints recorded since the merge that carried only its identifiers go back to "
                    + "it. Both the merge and its undoing stay in the history.")
    UnmergeAnswer unmerge(@PathVariable String customerId, @RequestBody UnmergeRequest request) {
        UnmergeRequest body = request == null ? new UnmergeRequest(null, null, null) : request;
        require("mergeId", body.mergeId(), "reason", body.reason(), "actor", body.actor());
        CustomerId survivor = owners.requireKnownCustomer(customerId);
        if (!survivor.value().equals(customerId)) {
            throw new MergeRefusedException("Customer " + customerId + " is itself merged into " + survivor
                    + "; undo that merge first, or address the merge to the customer that made it");
        }
        Merges.Unmerged unmerged = transactions.run(() ->
                merges.unmerge(survivor, request.mergeId(), request.reason(), request.actor()));
        return new UnmergeAnswer(unmerged.mergeId(), unmerged.survivorId().value(), unmerged.restoredId().value(),
                unmerged.split().returnedIdentifiers(), unmerged.split().reassignedEventIds());
    }

    @PostMapping(path = "/matches/{matchId}/confirm", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Confirm a possible match: the two customers are one person and are merged")
    MatchAnswer confirm(@PathVariable String customerId, @PathVariable String matchId,
                        @RequestBody MatchDecision decision) {
        require("actor", decision == null ? null : decision.actor());
        owners.requireKnownCustomer(customerId);
        Optional<Merges.Survivor> merged = transactions.run(() -> matches.confirm(matchId, decision.actor(),
                clock.instant()));
        String survivor = owners.requireKnownCustomer(customerId).value();
        List<String> mergeIds = merged.map(s -> s.absorptions().stream().map(Absorption::mergeId).toList())
                .orElse(List.of());
        return new MatchAnswer(matchId, "confirmed", survivor, mergeIds);
    }

    @PostMapping(path = "/matches/{matchId}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Reject a possible match: the two are different people and are never proposed again")
    MatchAnswer reject(@PathVariable String customerId, @PathVariable String matchId,
                       @RequestBody MatchDecision decision) {
        require("actor", decision == null ? null : decision.actor());
        CustomerId customer = owners.requireKnownCustomer(customerId);
        transactions.run(() -> {
            matches.reject(matchId, decision.actor(), decision.reason(), clock.instant());
            return null;
        });
        return new MatchAnswer(matchId, "rejected", customer.value(), List.of());
    }

    /** Refuses the request naming every required field (name, value, name, value …) that is missing or blank. */
    private static void require(String... namesAndValues) {
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1];
            if (value == null || value.isBlank()) {
                problems.add(new FieldProblem(namesAndValues[i], "is required"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldsException(problems);
        }
    }
}
