package org.journeyledger.journey.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes {@link Instant}s as Jackson does with dates as text ({@code DateTimeFormatter.ISO_INSTANT}, the text of
 * {@link Instant#toString()}: UTC, the fraction in groups of three digits, none when zero) by writing the digits
 * directly. Jackson formats through {@code DateTimeFormatter}, which was 3-5 % of a context read's and of the context
 * projection's CPU: a context document holds dozens of instants, and each is written on every read and every fold.
 * Years outside 0000-9999 and dates written as numbers are left to Jackson.
 */
public final class InstantTextWriter extends StdScalarSerializer<Instant> {

    private static final long MIN_EPOCH_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_EPOCH_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final int[] POWER = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    InstantTextWriter() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
            InstantSerializer.INSTANCE.serialize(value, generator, provider);
            return;
        }
        String text = write(value);
        generator.writeString(text != null ? text : value.toString());
    }

    /** {@code value.toString()} for years 0000-9999, or null for any other. */
    static String write(Instant value) {
        long seconds = value.getEpochSecond();
        long epochDay = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        if (epochDay < MIN_EPOCH_DAY || epochDay > MAX_EPOCH_DAY) {
            return null;
        }
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int nanos = value.getNano();
        int fractionDigits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        char[] text = new char[fractionDigits == 0 ? 20 : 21 + fractionDigits];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        if (fractionDigits > 0) {
            text[19] = '.';
            digits(text, 20, nanos / POWER[9 - fractionDigits], fractionDigits);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    /** Writes {@code value} as exactly {@code width} decimal digits, zero-padded, from {@code at}. */
    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
