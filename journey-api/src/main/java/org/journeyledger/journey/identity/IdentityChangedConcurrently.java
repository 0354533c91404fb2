package org.journeyledger.journey.identity;

/**
 * Another transaction merged or split one of the customers this one was about to change. The transaction rolls
 * back and is repeated; on the next attempt it sees the other's committed result.
 */
public class IdentityChangedConcurrently extends RuntimeException {

    public IdentityChangedConcurrently(String message) {
        super(message, null, false, false);
    }
}
