package org.journeyledger.journey.context;

import java.time.Instant;

/**
 * The customer's latest stated preference for one key, with where and when. A section of {@link CustomerContext}.
 */
public class PreferenceView {

    public String key;
    public String value;
    public String channel;
    public String source;
    public Instant statedAt;
}
