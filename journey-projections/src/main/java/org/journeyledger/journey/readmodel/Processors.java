package org.journeyledger.journey.readmodel;

/**
 * Names of the streaming processors that keep read models: their tokens are stored under these names, and operators
 * see them in {@code /actuator/health} and the {@code journey.processor.lag} gauge.
 */
public final class Processors {

    /**
     * The customer's context documents and timeline rows, kept by one processor: every event is read from the store,
     * decrypted and deserialised once for both instead of once each (a replay took about a fifth less CPU per event,
     * see docs/performance.md), and the two are always rebuilt together, as agents see them together. Named after
     * the context, whose tokens it kept when the timeline joined it (migration V54).
     */
    public static final String CUSTOMER_CONTEXT = "customer-context";

    private Processors() {
    }
}
