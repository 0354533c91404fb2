package org.journeyledger.journey.context;

import java.time.Instant;

/**
 * A problem the customer raised and whether it is resolved. A section of {@link CustomerContext}.
 */
public class IssueView {

    public String issueId;
    public String description;
    public String category;
    /** {@code open} or {@code resolved}. */
    public String status = "open";
    public String raisedIn;
    public String raisedBy;
    public String conversationId;
    public Instant raisedAt;
    public Instant resolvedAt;
    public String resolvedIn;
    public String resolution;
    public String release;
}
