package org.journeyledger.journey.timeline;

import java.util.List;

/**
 * A page of a customer's timeline, newest first; {@code nextCursor} fetches the following (older) page and is
 * {@code null} on the last one.
 */
public record TimelinePage(List<TimelineEntry> items, String nextCursor) {
}
