package org.journeyledger.journey.offer;

import org.journeyledger.journey.commerce.Purchases;
import org.journeyledger.journey.consent.Consents;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.Origin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The offer rules of one customer. An offer received is always recorded (the same offer may be shown in several
 * channels). An offer check is suppressed, with every reason that applies, when:
 * <ul>
 *   <li>{@code recently_bought}: a listed sku was bought within the command's recent-purchase window;</li>
 *   <li>{@code consent_withdrawn} / {@code consent_missing}: the customer's latest consent statement for the purpose
 *       withdrew it, or they never granted it (marketing needs an opt-in);</li>
 *   <li>{@code open_issue}: the customer has an issue that is not resolved.</li>
 * </ul>
 * Otherwise it is cleared.
 */
public final class Offers {

    public OfferReceivedEvent decide(CustomerId customerId, OfferDetails details, Origin origin) {
        return new OfferReceivedEvent(customerId, details.offerId(), details.campaign(), details.skus(),
                details.discountPercent(), details.validUntil(), origin);
    }

    public Object check(CheckOfferCommand command, Purchases purchases, Consents consents,
                        Collection<String> openIssueIds) {
        List<OfferCheckReason> reasons = new ArrayList<>();
        for (String sku : command.skus()) {
            purchases.lastBought(sku, command.checkedAt().minus(command.recentPurchaseWindow()))
                    .ifPresent(at -> reasons.add(new OfferCheckReason("recently_bought", sku,
                            "The customer bought " + sku + " on " + at + ", within "
                                    + command.recentPurchaseWindow().toDays() + " days")));
        }
        Optional<Boolean> consent = consents.granted(command.purpose());
        if (consent.isEmpty()) {
            reasons.add(new OfferCheckReason("consent_missing", command.purpose(),
                    "The customer never granted consent for " + command.purpose()));
        } else if (!consent.get()) {
            reasons.add(new OfferCheckReason("consent_withdrawn", command.purpose(),
                    "The customer withdrew consent for " + command.purpose()));
        }
        openIssueIds.stream().sorted().forEach(issueId -> reasons.add(new OfferCheckReason("open_issue", issueId,
                "The customer has an open issue " + issueId + "; resolve it before marketing to them")));
        if (reasons.isEmpty()) {
            return new OfferClearedEvent(command.customerId(), command.checkId(), command.offerId(), command.skus(),
                    command.channel(), command.purpose(), command.checkedAt());
        }
        return new OfferSuppressedEvent(command.customerId(), command.checkId(), command.offerId(), command.skus(),
                command.channel(), command.purpose(), List.copyOf(reasons), command.checkedAt());
    }
}
