package org.journeyledger.journey.timeline;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelineCursorTest {

    @Test
    void aCursorSurvivesTheRoundTripThroughItsText() {
        TimelineCursor cursor = new TimelineCursor(Instant.parse("2026-02-01T09:30:00.123456Z"), "a1b2-c3");

        assertThat(TimelineCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void textThatIsNoCursorIsRejectedWithAnExplanation() {
        assertThatThrownBy(() -> TimelineCursor.decode("hello"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a cursor");
    }
}
