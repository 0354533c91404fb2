package org.journeyledger.journey.identity;

/** A merge or unmerge that contradicts the customers' history (undoing a merge that does not stand). */
public class MergeRefusedException extends RuntimeException {

    public MergeRefusedException(String message) {
        super(message);
    }
}
