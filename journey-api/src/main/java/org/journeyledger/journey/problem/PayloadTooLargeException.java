package org.journeyledger.journey.problem;

/**
 * A request body larger than the configured limit; answered with 413 before anything is parsed or stored.
 */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limitBytes) {
        super("The request body is larger than the limit of " + limitBytes
                + " bytes; split it into smaller requests (or batches)");
    }
}
