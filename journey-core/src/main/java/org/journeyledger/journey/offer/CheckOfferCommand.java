package org.journeyledger.journey.offer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.journeyledger.journey.customer.CustomerId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decide whether an offer on {@code skus} may go to the customer through {@code channel} for {@code purpose} (a
 * consent purpose such as {@code marketing_email}), and record the decision. The handler answers with the
 * {@link OfferSuppressedEvent} or {@link OfferClearedEvent} it recorded.
 *
 * @param checkId              the ledger event id the decision is recorded under
 * @param offerId              optional: the offer asked about
 * @param checkedAt            the time of the check (the ledger's clock)
 * @param recentPurchaseWindow a sku bought within this time before {@code checkedAt} suppresses the offer
 */
public record CheckOfferCommand(@TargetAggregateIdentifier CustomerId customerId, String checkId, String offerId,
                                List<String> skus, String channel, String purpose, Instant checkedAt,
                                Duration recentPurchaseWindow) {
}
