package org.journeyledger.journey.touchpoint;

/**
 * The ledger's answer to a touchpoint: which customer it belongs to and the ledger event that records it.
 *
 * @param duplicate true when this {@code (source, sourceEventId)} had been recorded before and nothing was stored now
 */
public record IngestResult(String customerId, String eventId, boolean duplicate) {
}
