package org.journeyledger.journey.context;

import java.time.Instant;

/**
 * The latest value the customer told us for one key, with who heard it, where and when, and how many times we were
 * told (more than once means a channel asked again). A section of {@link CustomerContext}.
 */
public class FactView {

    public String key;
    public String value;
    public String channel;
    public String source;
    public String actor;
    public String conversationId;
    public Instant toldAt;
    public Instant recordedAt;
    public int timesTold;
}
