package org.journeyledger.journey.context;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An offer the customer was sent or shown. A section of {@link CustomerContext}; {@code valid} is computed when read.
 */
public class OfferView {

    public String offerId;
    public String campaign;
    public List<String> skus;
    public BigDecimal discountPercent;
    public Instant validUntil;
    public String channel;
    public String source;
    public Instant receivedAt;
    public String eventId;
    /** Computed when read: now is before {@code validUntil}. */
    public Boolean valid;
}
