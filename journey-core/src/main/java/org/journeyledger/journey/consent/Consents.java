package org.journeyledger.journey.consent;

import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.Origin;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The consents of one customer: the latest statement per purpose by {@code occurredAt} holds, so a late upload of an
 * older form never overrides a newer withdrawal. Every statement is recorded; none is refused.
 */
public final class Consents {

    static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]{0,127}");

    private record Statement(boolean granted, Instant at) {
    }

    private final Map<String, Statement> latest = new HashMap<>();

    public Object decide(CustomerId customerId, ConsentDetails details, Origin origin) {
        return details.granted()
                ? new ConsentGrantedEvent(customerId, details.purpose(), origin)
                : new ConsentWithdrawnEvent(customerId, details.purpose(), origin);
    }

    public PreferenceStatedEvent decide(CustomerId customerId, PreferenceDetails details, Origin origin) {
        return new PreferenceStatedEvent(customerId, details.key(), details.value(), origin);
    }

    /** Whether the customer's latest statement for the purpose grants it; empty if they never made one. */
    public Optional<Boolean> granted(String purpose) {
        return Optional.ofNullable(latest.get(purpose)).map(Statement::granted);
    }

    public void on(ConsentGrantedEvent event) {
        state(event.purpose(), true, event.origin().occurredAt());
    }

    public void on(ConsentWithdrawnEvent event) {
        state(event.purpose(), false, event.origin().occurredAt());
    }

    private void state(String purpose, boolean granted, Instant at) {
        Statement current = latest.get(purpose);
        if (current == null || !at.isBefore(current.at())) {
            latest.put(purpose, new Statement(granted, at));
        }
    }
}
