package org.journeyledger.journey.timeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The position after which the next timeline page starts: the {@code (occurredAt, eventId)} of the last entry
 * shown. Keyset paging on it stays stable while new touchpoints arrive: nothing already seen is repeated and nothing
 * older is skipped. Opaque to clients (URL-safe Base64).
 */
record TimelineCursor(Instant occurredAt, String eventId) {

    String encode() {
        String plain = occurredAt + "|" + eventId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws IllegalArgumentException when the text is not a cursor this ledger issued
     */
    static TimelineCursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("not a timeline cursor");
            }
            return new TimelineCursor(Instant.parse(plain.substring(0, bar)), plain.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a cursor from a previous timeline page", e);
        }
    }
}
