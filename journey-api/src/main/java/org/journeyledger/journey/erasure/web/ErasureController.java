package org.journeyledger.journey.erasure.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.erasure.Erasure;
import org.journeyledger.journey.identity.IdentifierOwners;
import org.journeyledger.journey.problem.InvalidFieldsException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Erasure on request (the right to be forgotten): destroys the customer's data key and records the erasure, keeping
 * the history's shape and its proof.
 */
@RestController
@Tag(name = "Audit", description = "Verify the hash chains and export the canonical history")
class ErasureController {

    static final int MAX_REASON_LENGTH = 500;

    private final Erasure erasure;
    private final IdentifierOwners owners;

    ErasureController(Erasure erasure, IdentifierOwners owners) {
        this.erasure = erasure;
        this.owners = owners;
    }

    /** @param reason why: a legal basis or ticket reference, kept in clear forever (no personal data in it) */
    record ErasureRequest(String reason) {
    }

    @PostMapping(path = "/api/customers/{customerId}/erasure", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Erase the customer's personal data (crypto-shredding)",
            description = "Destroys the customer's data key, records a CustomerErased event and releases the "
                    + "customer's identifiers, in one transaction. Personal values in the stored events become "
                    + "unreadable; the events, their order and their hashes remain, so the chain still verifies. "
                    + "The context and timeline show the customer as erased once the projections have handled the "
                    + "event (202). Erasing an erased customer answers 200 with the earlier erasure event. The "
                    + "reason is kept in clear forever: give a legal basis or ticket reference, no personal data.")
    ResponseEntity<Erasure.Outcome> erase(@PathVariable String customerId, @RequestBody ErasureRequest request) {
        CustomerId id = owners.requireKnownCustomer(customerId);
        String reason = request == null ? null : request.reason();
        if (reason == null || reason.isBlank()) {
            throw new InvalidFieldsException("reason", "is required: the legal basis or ticket reference of the "
                    + "erasure, e.g. \"GDPR art. 17 request, ticket PRIV-1042\"");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new InvalidFieldsException("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        Erasure.Outcome outcome = erasure.erase(id, reason.strip());
        return ResponseEntity.status(outcome.alreadyErased() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(outcome);
    }
}
