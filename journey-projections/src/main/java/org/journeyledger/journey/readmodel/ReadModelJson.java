package org.journeyledger.journey.readmodel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.journeyledger.journey.json.InstantText;
import org.journeyledger.journey.ledger.StorableText;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON mapping of read-model documents stored in JSONB columns. Kept apart from the web layer's mapper so that a
 * change of API formatting never changes what is stored.
 * <p>
 * Every string it writes, values and field names, is made storable first ({@link StorableText#storable}): JSONB
 * refuses a NUL, and one event recorded with one (ingest refuses them now; a ledger may hold older ones) would fail
 * its projection's batch on every attempt and stop the read model for every customer behind it. The event keeps its
 * bytes; only the read model shows U+FFFD.
 */
public final class ReadModelJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .addDecorator((factory, generator) -> new StorableStrings(generator)).build())
            .addModule(new JavaTimeModule())
            .addModule(InstantText.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private ReadModelJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The tree as JSON for a JSONB column (not {@link JsonNode#toString()}, which is not this mapper's). */
    public static String write(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("A JSON tree must always be writable", e);
        }
    }

    /** A generator that writes every string as the store can hold it. */
    private static final class StorableStrings extends JsonGeneratorDelegate {

        StorableStrings(JsonGenerator generator) {
            // false: objects and trees are written through this generator, not handed to the one it wraps.
            super(generator, false);
        }

        @Override
        public void writeString(String text) throws IOException {
            super.writeString(text == null ? null : StorableText.storable(text));
        }

        @Override
        public void writeString(char[] text, int offset, int length) throws IOException {
            writeString(new String(text, offset, length));
        }

        @Override
        public void writeFieldName(String name) throws IOException {
            super.writeFieldName(StorableText.storable(name));
        }
    }
}
