package org.journeyledger.journey.context;

import java.time.Instant;

/**
 * A promise made to the customer and what became of it. A section of {@link CustomerContext}.
 */
public class PromiseView {

    public String promiseId;
    public String description;
    public Instant dueAt;
    /** {@code open}, {@code kept}, {@code cancelled} or {@code broken}. */
    public String status = "open";
    public String madeIn;
    public String madeBy;
    public String conversationId;
    public Instant madeAt;
    public Instant keptAt;
    public String keptIn;
    /** True when kept after it had broken. */
    public boolean keptLate;
    /** When the ledger recorded that the due time passed unfulfilled. */
    public Instant brokenAt;
    public Instant cancelledAt;
    public String cancelReason;
}
