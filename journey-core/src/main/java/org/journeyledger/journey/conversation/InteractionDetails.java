package org.journeyledger.journey.conversation;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

import java.math.BigDecimal;
import java.util.Set;

/**
 * Data of an {@code interaction} touchpoint: a message, call, visit, email or form between the customer and us.
 *
 * @param sentiment optional, in [-1, 1], as the channel's analytics scored it
 * @param csat      optional customer satisfaction score 1..5
 */
public record InteractionDetails(String kind, String direction, String summary, String text, BigDecimal sentiment,
                                 Integer csat) implements TouchpointDetails {

    static final Set<String> KINDS = Set.of("message", "call", "visit", "email", "form");
    static final Set<String> DIRECTIONS = Set.of("inbound", "outbound");

    public static InteractionDetails read(TouchpointData data) {
        return new InteractionDetails(data.requiredChoice("kind", KINDS), data.requiredChoice("direction", DIRECTIONS),
                data.requiredText("summary", 1000), data.optionalText("text", 20_000),
                data.optionalDecimal("sentiment", BigDecimal.ONE.negate(), BigDecimal.ONE),
                data.optionalInteger("csat", 1, 5));
    }
}
