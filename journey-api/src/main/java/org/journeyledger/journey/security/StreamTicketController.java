package org.journeyledger.journey.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.journeyledger.journey.identity.IdentifierOwners;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands out tickets for {@code GET /api/customers/{id}/stream?ticket=…}, for browsers whose {@code EventSource}
 * cannot send the {@code X-API-Key} header.
 */
@RestController
@Tag(name = "Customers")
class StreamTicketController {

    private final IdentifierOwners owners;
    private final StreamTickets tickets;

    StreamTicketController(IdentifierOwners owners, StreamTickets tickets) {
        this.owners = owners;
        this.tickets = tickets;
    }

    @PostMapping(path = "/api/customers/{customerId}/stream-tickets", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A one-minute ticket to open the customer's live stream without an X-API-Key header",
            description = "Pass it as ?ticket= to /api/customers/{customerId}/stream (EventSource cannot send "
                    + "headers). It authenticates as the caller that asked for it, for that stream only.")
    StreamTickets.Ticket issue(@PathVariable String customerId) {
        owners.requireKnownCustomer(customerId);
        Caller caller = Caller.current().orElseThrow();
        return tickets.issue(caller, "/api/customers/" + customerId + "/stream");
    }
}
