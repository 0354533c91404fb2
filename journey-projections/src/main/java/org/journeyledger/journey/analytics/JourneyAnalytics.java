package org.journeyledger.journey.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The journey across all customers and channels between two days (inclusive, by {@code occurredAt} in UTC).
 *
 * @param interactionPoints the most common (channel, type) pairs, most touchpoints first
 * @param transitions       the most common moves of a customer from one channel to another, most first
 * @param mostPositive      interaction points with sentiment or CSAT, best score first
 * @param mostNegative      the same, worst score first
 * @param channels          per channel: touchpoints, re-contact and promise-kept rates, mean sentiment and CSAT
 */
public record JourneyAnalytics(LocalDate from, LocalDate to, List<InteractionPoint> interactionPoints,
                               List<Transition> transitions, List<RatedPoint> mostPositive,
                               List<RatedPoint> mostNegative, List<ChannelFigures> channels) {

    public record InteractionPoint(String channel, String type, long touchpoints) {
    }

    public record Transition(String fromChannel, String toChannel, long transitions) {
    }

    /**
     * @param score the mean sentiment in [-1, 1]; without sentiment, the mean CSAT mapped to it ({@code (csat − 3) / 2})
     */
    public record RatedPoint(String channel, String type, BigDecimal score, BigDecimal meanSentiment,
                             long sentimentCount, BigDecimal meanCsat, long csatCount) {
    }

    /**
     * @param recontactRate   re-contacts / inbound contacts (null without inbound contacts)
     * @param promiseKeptRate promises kept on time / promises made in the channel (null without promises)
     */
    public record ChannelFigures(String channel, long touchpoints, long inboundContacts, long recontacts,
                                 BigDecimal recontactRate, long promisesMade, long promisesKeptOnTime,
                                 long promisesKeptLate, long promisesBroken, BigDecimal promiseKeptRate,
                                 BigDecimal meanSentiment, long sentimentCount, BigDecimal meanCsat, long csatCount) {
    }
}
