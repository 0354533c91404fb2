package org.journeyledger.journey.touchpoint;

import java.time.Instant;

/**
 * Who said something, where and when: the touchpoint a business event was learned from. Carried by every event that
 * a touchpoint caused, so that any channel can show "told in chat on Tuesday at 14:02 to agent 17".
 *
 * @param touchpointEventId the ledger event id of the {@link TouchpointRecordedEvent}
 * @param occurredAt        when it happened, per the channel
 */
public record Origin(String touchpointEventId, String channel, String source, String actor, String conversationId,
                     Instant occurredAt) {

    public static Origin of(String touchpointEventId, Touchpoint touchpoint) {
        return new Origin(touchpointEventId, touchpoint.channel(), touchpoint.source(), touchpoint.actor(),
                touchpoint.conversationId(), touchpoint.occurredAt());
    }
}
