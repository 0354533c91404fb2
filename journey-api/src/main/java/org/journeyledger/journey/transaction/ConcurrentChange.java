package org.journeyledger.journey.transaction;

/**
 * Another transaction changed what this one was about to change (merged a customer it meant to merge, stored the
 * same touchpoint). The transaction rolls back and is repeated; on the next attempt it sees the other's committed
 * result.
 */
public class ConcurrentChange extends RuntimeException {

    public ConcurrentChange(String message) {
        super(message, null, false, false);
    }
}
