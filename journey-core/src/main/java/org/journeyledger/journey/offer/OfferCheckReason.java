package org.journeyledger.journey.offer;

/**
 * Why an offer must not go to the customer.
 *
 * @param code    {@code recently_bought}, {@code consent_missing}, {@code consent_withdrawn} or {@code open_issue}
 * @param subject what it is about: the sku, the purpose or the issue id
 * @param message the reason in words, for the person or system that asked
 */
public record OfferCheckReason(String code, String subject, String message) {
}
