package org.journeyledger.journey.context;

import java.time.Instant;

/**
 * The customer's latest statement of consent for one purpose, with where and when. A section of
 * {@link CustomerContext}.
 */
public class ConsentView {

    public String purpose;
    public boolean granted;
    public String channel;
    public String source;
    public String actor;
    public Instant statedAt;
}
