package org.journeyledger.journey.touchpoint;

/**
 * An event that a touchpoint caused, and so travels with it: when a merge is undone, the touchpoint and everything
 * it caused go back to the customer together.
 */
public interface CausedByTouchpoint {

    Origin origin();
}
