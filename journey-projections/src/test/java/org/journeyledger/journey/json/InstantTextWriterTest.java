package org.journeyledger.journey.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class InstantTextWriterTest {

    private final ObjectMapper jackson = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final ObjectMapper fast = JsonMapper.builder().addModule(new JavaTimeModule())
            .addModule(InstantText.module()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    record Stamped(Instant at) {
    }

    @Test
    void writesEveryInstantAsJacksonDoesWhateverItsPrecision() throws Exception {
        Random random = new Random(20261205);
        for (int i = 0; i < 40_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L), nanos);
            Stamped stamped = new Stamped(instant);

            assertThat(InstantTextWriter.write(instant)).isEqualTo(instant.toString());
            assertThat(fast.writeValueAsString(stamped)).isEqualTo(jackson.writeValueAsString(stamped));
        }
    }

    @Test
    void theEdgesOfTheDayAndOfTheYearsItWrites() throws Exception {
        for (Instant instant : List.of(Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.000000001Z"),
                Instant.parse("2024-02-29T12:00:00.100Z"), Instant.parse("2026-12-05T00:00:00.000010Z"))) {
            assertThat(InstantTextWriter.write(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void leavesYearsBeyondFourDigitsAndNumericDatesToJackson() throws Exception {
        for (Instant instant : List.of(Instant.MAX, Instant.MIN, Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"))) {
            assertThat(InstantTextWriter.write(instant)).isNull();
            Stamped stamped = new Stamped(instant);
            assertThat(fast.writeValueAsString(stamped)).isEqualTo(jackson.writeValueAsString(stamped));
        }
        Stamped stamped = new Stamped(Instant.parse("2026-12-05T10:15:30.123Z"));
        assertThat(fast.writer().with(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(stamped))
                .isEqualTo(jackson.writer().with(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .writeValueAsString(stamped))
                .isEqualTo("{\"at\":1796465730.123000000}");
    }
}
