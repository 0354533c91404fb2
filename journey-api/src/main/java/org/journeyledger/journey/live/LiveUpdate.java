package org.journeyledger.journey.live;

import java.time.Instant;

/**
 * What a watching page is told about a newly stored event: enough to know what to fetch again, nothing personal.
 *
 * @param type the event's payload class simple name, e.g. {@code TouchpointRecordedEvent}
 */
record LiveUpdate(String eventId, String type, String customerId, Instant recordedAt) {
}
