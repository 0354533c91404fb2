package org.journeyledger.journey.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads {@link Instant}s written the way the ledger's mappers write them — ISO-8601 in UTC,
 * {@code 2026-11-24T08:33:04.123456Z}, with 0 to 9 fraction digits — by reading the digits directly; any other form
 * (an offset, a number, a year beyond 9999) goes to Jackson's own deserializer, which also reports what it cannot
 * read. Jackson parses through {@code DateTimeFormatter}, which was 6 % of a replay's CPU: every event carries
 * several instants, and every processor reads every event.
 */
public final class InstantText extends StdScalarDeserializer<Instant> {

    private static final int[] SCALE = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private InstantText() {
        super(Instant.class);
    }

    /**
     * Reading and writing ({@link InstantTextWriter}). Register after {@code JavaTimeModule}: the module registered
     * last is asked first.
     */
    public static Module module() {
        return new SimpleModule("InstantText").addDeserializer(Instant.class, new InstantText())
                .addSerializer(Instant.class, new InstantTextWriter());
    }

    /** Writing only, for a mapper whose reading of instants is left as it is (the web layer's). */
    public static Module writerModule() {
        return new SimpleModule("InstantTextWriter").addSerializer(Instant.class, new InstantTextWriter());
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Instant read = parse(parser.getText());
            if (read != null) {
                return read;
            }
        }
        return InstantDeserializer.INSTANT.deserialize(parser, context);
    }

    /** The instant of {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} (up to 9 fraction digits), or null for any other text. */
    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || length > 20 && text.charAt(19) != '.') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = length == 20 ? 0 : digits(text, 20, length - 1);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || fraction < 0) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            int nanos = length == 20 ? 0 : fraction * SCALE[length - 22];
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException invalidDate) {
            return null;
        }
    }

    /** The decimal value of {@code text[from, to)}, or -1 if any of it is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
