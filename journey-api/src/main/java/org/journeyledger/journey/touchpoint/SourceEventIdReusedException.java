package org.journeyledger.journey.touchpoint;

/**
 * A channel sent a different touchpoint under a {@code (source, sourceEventId)} the ledger already recorded. A
 * redelivery must be identical; a different touchpoint needs its own id.
 */
public class SourceEventIdReusedException extends RuntimeException {

    private final IngestResult original;

    SourceEventIdReusedException(String source, String sourceEventId, IngestResult original) {
        super("sourceEventId '" + sourceEventId + "' of source '" + source + "' was already recorded as event "
                + original.eventId() + " with different content; give a new touchpoint a new sourceEventId");
        this.original = original;
    }

    public IngestResult original() {
        return original;
    }
}
