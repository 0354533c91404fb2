package org.journeyledger.journey.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstantTextTest {

    private final ObjectMapper jackson = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private final ObjectMapper fast = JsonMapper.builder().addModule(new JavaTimeModule())
            .addModule(InstantText.module()).build();

    record Stamped(Instant at) {
    }

    @Test
    void readsEveryInstantAsJacksonDoesWhateverItsFractionsLength() throws Exception {
        Random random = new Random(20261124);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    random.nextInt(1_000_000_000));
            int digits = random.nextInt(10);
            DateTimeFormatterBuilder format = new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd'T'HH:mm:ss");
            if (digits > 0) {
                format.appendFraction(ChronoField.NANO_OF_SECOND, digits, digits, true);
            }
            String text = format.appendLiteral('Z').toFormatter().withZone(ZoneOffset.UTC).format(instant);
            String json = "{\"at\":\"" + text + "\"}";

            assertThat(InstantText.parse(text)).as(text).isNotNull();
            assertThat(fast.readValue(json, Stamped.class)).as(text).isEqualTo(jackson.readValue(json, Stamped.class));
        }
        for (String text : new String[]{"2026-11-24T08:33:04Z", "2026-11-24T08:33:04.1Z",
                "2024-02-29T23:59:59.999999999Z",
                Instant.EPOCH.toString(), Instant.parse("2026-11-24T00:00:00.120Z").toString()}) {
            assertThat(InstantText.parse(text)).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void registeredAfterJavaTimeModuleItIsTheOneThatReadsInstants() throws Exception {
        DefaultDeserializationContext context = ((DefaultDeserializationContext) fast.getDeserializationContext())
                .createInstance(fast.getDeserializationConfig(), null, null);

        assertThat(context.findRootValueDeserializer(fast.constructType(Instant.class))).isInstanceOf(InstantText.class);
    }

    @Test
    void leavesOtherFormsToJackson() throws Exception {
        for (String other : new String[]{"2026-11-24T08:33:04+01:00", "+12026-11-24T08:33:04Z", "2026-11-24T08:33Z",
                "2026-11-24T08:33:04.Z", "2026-11-24T08:33:04.1234567890Z", "2026-11-24 08:33:04Z",
                "2026-11-24T08:33:60Z"}) {
            assertThat(InstantText.parse(other)).as(other).isNull();
        }
        String offset = "{\"at\":\"2026-11-24T08:33:04+01:00\"}";
        assertThat(fast.readValue(offset, Stamped.class).at()).isEqualTo(Instant.parse("2026-11-24T07:33:04Z"));
        assertThat(fast.readValue("{\"at\":1764000000.5}", Stamped.class))
                .isEqualTo(jackson.readValue("{\"at\":1764000000.5}", Stamped.class));
    }

    @Test
    void anImpossibleDateIsRefusedAsJacksonRefusesIt() {
        assertThat(InstantText.parse("2026-02-30T00:00:00Z")).isNull();
        assertThatThrownBy(() -> fast.readValue("{\"at\":\"2026-02-30T00:00:00Z\"}", Stamped.class))
                .isInstanceOf(InvalidFormatException.class);
    }
}
