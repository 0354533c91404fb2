package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.identity.Identifier;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One interaction as a channel reported it, already validated and with normalised identifiers.
 *
 * @param source         the reporting system, e.g. {@code pos-eu-west}
 * @param sourceEventId  that system's own id for this touchpoint; with {@code source} it identifies it forever
 * @param channel        where it happened ({@code store}, {@code web}, …)
 * @param type           what happened, lower-case snake case
 * @param occurredAt     when it happened, as the channel says
 * @param identifiers    the customer's identifiers the channel saw, never empty
 * @param conversationId optional conversation this touchpoint belongs to
 * @param actor          optional person or system acting for the company (agent, associate, rep)
 * @param data           type-specific data as the channel sent it
 * @param details        the validated meaning of {@code data} for a typed touchpoint (see {@link TouchpointTypes}),
 *                       null for other types; derived from {@code data}, so not part of its JSON form
 */
public record Touchpoint(String source, String sourceEventId, String channel, String type, Instant occurredAt,
                         List<Identifier> identifiers, String conversationId, String actor, ObjectNode data,
                         @JsonIgnore TouchpointDetails details) {

    public Touchpoint {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceEventId, "sourceEventId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        identifiers = List.copyOf(identifiers);
        if (identifiers.isEmpty()) {
            throw new IllegalArgumentException("A touchpoint needs at least one identifier");
        }
        Objects.requireNonNull(data, "data");
    }
}
