package org.journeyledger.journey.touchpoint;

/**
 * A well-formed touchpoint that contradicts the customer's history (keeping a promise never made, resolving an issue
 * twice, closing an unknown conversation). Nothing of it is stored; the message says what the channel should do.
 */
public class TouchpointRefusedException extends RuntimeException {

    private final String field;

    /**
     * @param field   the JSON path of the field that conflicts, e.g. {@code data.promiseId}
     * @param message why, and what to do instead
     */
    public TouchpointRefusedException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
