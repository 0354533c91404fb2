package org.journeyledger.journey.problem;

/**
 * The customer (or other thing) a request names does not exist; answered with 404.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
