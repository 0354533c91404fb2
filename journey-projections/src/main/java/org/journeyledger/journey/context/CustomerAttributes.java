package org.journeyledger.journey.context;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Figures about the customer derived from the ledger, computed relative to the moment they are read (see
 * {@code docs/api.md#computed-attributes}).
 *
 * @param asOf                 the reading time the figures are relative to
 * @param salesLast365Days     per currency: purchase totals in the 365 days before {@code asOf}, less refunds of returns
 *                             and price adjustments recorded in the same period
 * @param lifetimeValue        per currency: all purchase totals less all refunds and price adjustments
 * @param lastPurchaseAt       the latest purchase's {@code occurredAt}
 * @param preferredChannel     the channel with most touchpoints in the 90 days before {@code asOf}; on a tie, the one
 *                             used most recently; null without touchpoints in that period
 * @param productPropensity    categories by units bought and kept (bought less returned), most first
 */
public record CustomerAttributes(Instant asOf, Map<String, BigDecimal> salesLast365Days,
                                 Map<String, BigDecimal> lifetimeValue, Instant lastPurchaseAt,
                                 String preferredChannel, List<CategoryPropensity> productPropensity) {

    /** Units of a category the customer bought and kept. */
    public record CategoryPropensity(String category, long units) {
    }
}
