package org.journeyledger.journey.timeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Text that PostgreSQL's JSONB cannot hold (a NUL, which older versions of the ledger accepted in a touchpoint's
 * data) is written by the read models' mapper as U+FFFD, so such an event is projected instead of failing its batch
 * for ever; what Jackson's own writing would give is refused by the same database.
 */
class UnstorableTextTest extends LedgerIntegrationTest {

    @Test
    void aNulInAReadModelDocumentIsStoredAsTheReplacementCharacter() throws Exception {
        ObjectNode data = ReadModelJson.mapper().createObjectNode();
        data.put("note", "a\u0000b").put("k\u0000", "lone \ud800 surrogate");
        data.putArray("items").add("c\u0000d");

        String json = ReadModelJson.write(data);

        assertThat(jdbc.queryForObject("SELECT (?::jsonb) ->> 'note'", String.class, json)).isEqualTo("a\uFFFDb");
        assertThat(jdbc.queryForObject("SELECT (?::jsonb) ->> 'k\uFFFD'", String.class, json))
                .isEqualTo("lone \uFFFD surrogate");
        assertThat(jdbc.queryForObject("SELECT (?::jsonb) -> 'items' ->> 0", String.class, json)).isEqualTo("c\uFFFDd");
        assertThat(ReadModelJson.mapper().copy().writeValueAsString(data)).as("a copy of the mapper writes the same")
                .isEqualTo(json);
        assertThatThrownBy(() -> jdbc.queryForObject("SELECT (?::jsonb) ->> 'note'", String.class, data.toString()))
                .hasMessageContaining("unsupported Unicode escape sequence");
    }
}
