package org.journeyledger.journey.live;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.journeyledger.journey.identity.IdentifierOwners;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Duration;

/**
 * Server-sent events of one customer, for pages that show the customer live (the agent console).
 */
@RestController
@Tag(name = "Customers")
class LiveUpdatesController {

    private final IdentifierOwners owners;
    private final LiveUpdates liveUpdates;
    private final Duration timeout;

    LiveUpdatesController(IdentifierOwners owners, LiveUpdates liveUpdates,
                          @Value("${journey.live.stream-timeout:PT30M}") Duration timeout) {
        this.owners = owners;
        this.liveUpdates = liveUpdates;
        this.timeout = timeout;
    }

    @GetMapping("/api/customers/{customerId}/stream")
    @Operation(summary = "Server-sent events: one 'ledger-event' per event stored for the customer from now on",
            description = "data is {eventId, type, customerId, recordedAt}; type is the event's class simple name "
                    + "(TouchpointRecordedEvent, FactToldEvent, PromiseBrokenEvent, ...). A comment line every 15 s "
                    + "keeps the connection open; the stream ends after journey.live.stream-timeout (30 min) and "
                    + "EventSource reconnects by itself.")
    SseEmitter stream(@PathVariable String customerId) {
        owners.requireKnownCustomer(customerId);
        return liveUpdates.open(customerId, timeout);
    }
}
