package org.journeyledger.journey.promise;

import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.Origin;
import org.journeyledger.journey.touchpoint.TouchpointRefusedException;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The promise rules of one customer: made once; kept (even late, after it broke) or cancelled while open; broken by
 * the ledger when its due time passes while still open.
 */
public final class Promises {

    /** Name of the deadline that fires at a promise's due time; its payload is the promise id. */
    public static final String DUE_DEADLINE = "promise-due";

    private enum Status { OPEN, KEPT, CANCELLED, BROKEN }

    private record State(Status status, Instant dueAt) {
    }

    private final Map<String, State> promises = new HashMap<>();

    public PromiseMadeEvent decide(CustomerId customerId, PromiseDetails details, Origin origin) {
        if (promises.containsKey(details.promiseId())) {
            throw new TouchpointRefusedException("data.promiseId", "Promise '" + details.promiseId()
                    + "' was already made to this customer; give a new promise a new id");
        }
        return new PromiseMadeEvent(customerId, details.promiseId(), details.description(), details.dueAt(), origin);
    }

    public PromiseKeptEvent decide(CustomerId customerId, PromiseKeptDetails details, Origin origin) {
        State state = require(details.promiseId());
        if (state.status() == Status.KEPT || state.status() == Status.CANCELLED) {
            throw new TouchpointRefusedException("data.promiseId", "Promise '" + details.promiseId() + "' is already "
                    + state.status().name().toLowerCase());
        }
        return new PromiseKeptEvent(customerId, details.promiseId(), state.status() == Status.BROKEN, origin);
    }

    public PromiseCancelledEvent decide(CustomerId customerId, PromiseCancelledDetails details, Origin origin) {
        State state = require(details.promiseId());
        if (state.status() != Status.OPEN) {
            throw new TouchpointRefusedException("data.promiseId", "Promise '" + details.promiseId() + "' is "
                    + state.status().name().toLowerCase() + "; only an open promise can be cancelled");
        }
        return new PromiseCancelledEvent(customerId, details.promiseId(), details.reason(), origin);
    }

    /** The promise breaks if its deadline fires while it is still open (never twice, never once kept). */
    public Optional<PromiseBrokenEvent> dueTimePassed(CustomerId customerId, String promiseId) {
        State state = promises.get(promiseId);
        if (state == null || state.status() != Status.OPEN) {
            return Optional.empty();
        }
        return Optional.of(new PromiseBrokenEvent(customerId, promiseId, state.dueAt()));
    }

    /** Due times of the promises still open, by promise id: what a deadline must still watch. */
    public Map<String, Instant> open() {
        Map<String, Instant> open = new HashMap<>();
        promises.forEach((id, state) -> {
            if (state.status() == Status.OPEN) {
                open.put(id, state.dueAt());
            }
        });
        return open;
    }

    public void on(PromiseMadeEvent event) {
        promises.put(event.promiseId(), new State(Status.OPEN, event.dueAt()));
    }

    public void on(PromiseKeptEvent event) {
        promises.computeIfPresent(event.promiseId(), (id, state) -> new State(Status.KEPT, state.dueAt()));
    }

    public void on(PromiseCancelledEvent event) {
        promises.computeIfPresent(event.promiseId(), (id, state) -> new State(Status.CANCELLED, state.dueAt()));
    }

    public void on(PromiseBrokenEvent event) {
        promises.computeIfPresent(event.promiseId(), (id, state) -> new State(Status.BROKEN, state.dueAt()));
    }

    private State require(String promiseId) {
        State state = promises.get(promiseId);
        if (state == null) {
            throw new TouchpointRefusedException("data.promiseId", "Promise '" + promiseId
                    + "' was never made to this customer; record the promise first (type promise)");
        }
        return state;
    }
}
