package org.journeyledger.journey.context;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A customer who opens the app twenty times a day must not carry thousands of entries in every read of their
 * context: recent touchpoints are counted per channel and day, and the preferred channel is decided on the counts.
 */
class RecentTouchpointsTest {

    private static final CustomerId CUSTOMER = CustomerId.of("c-recent");
    private static final Instant NOW = Instant.parse("2026-09-15T12:00:00Z");

    @Test
    void touchpointsOfOneChannelOnOneDayAreOneCountedEntry() {
        CustomerContext context = CustomerContext.empty(CUSTOMER.value());
        Instant dayStart = Instant.parse("2026-09-10T00:00:00Z");
        for (int i = 0; i < 24; i++) {
            touch(context, "app", dayStart.plus(Duration.ofMinutes(55L * i)));
        }
        for (int i = 0; i < 3; i++) {
            touch(context, "store", dayStart.plus(Duration.ofDays(1)).plus(Duration.ofHours(i)));
        }
        touch(context, "app", dayStart.plus(Duration.ofDays(1)));

        assertThat(context.recentTouchpoints).containsExactly(
                new CustomerContext.ChannelTouch("app", dayStart.plus(Duration.ofMinutes(55L * 23)), 24),
                new CustomerContext.ChannelTouch("store", dayStart.plus(Duration.ofDays(1)).plusSeconds(7200), 3),
                new CustomerContext.ChannelTouch("app", dayStart.plus(Duration.ofDays(1)), 1));
        assertThat(context.touchpointCount).isEqualTo(28);
        assertThat(context.evaluatedAt(NOW, Duration.ofDays(30)).attributes.preferredChannel()).isEqualTo("app");
    }

    @Test
    void daysOlderThanTheRecentWindowAreDroppedAndLateArrivalsCountOnTheirOwnDay() {
        CustomerContext context = CustomerContext.empty(CUSTOMER.value());
        touch(context, "store", NOW.minus(Duration.ofDays(200)));
        touch(context, "web", NOW.minus(Duration.ofDays(2)));
        touch(context, "web", NOW.minus(Duration.ofDays(1)));
        // Uploaded late: happened two days ago, in the store.
        touch(context, "store", NOW.minus(Duration.ofDays(2)).plusSeconds(60));
        touch(context, "store", NOW.minus(Duration.ofDays(2)).plusSeconds(120));
        touch(context, "store", NOW.minus(Duration.ofDays(2)).plusSeconds(180));

        assertThat(context.recentTouchpoints).extracting(CustomerContext.ChannelTouch::channel,
                CustomerContext.ChannelTouch::count).containsExactly(
                tuple("web", 1), tuple("web", 1),
                tuple("store", 3));
        assertThat(context.evaluatedAt(NOW, Duration.ofDays(30)).attributes.preferredChannel()).isEqualTo("store");
    }

    @Test
    void aDocumentWrittenBeforeCountsReadsEachEntryAsOneTouchpoint() throws Exception {
        CustomerContext old = ReadModelJson.mapper().readValue("""
                {"customerId": "c-old", "touchpointCount": 3,
                 "recentTouchpoints": [
                   {"channel": "web", "occurredAt": "2026-09-14T10:00:00Z"},
                   {"channel": "web", "occurredAt": "2026-09-14T11:00:00Z"},
                   {"channel": "chat", "occurredAt": "2026-09-14T12:00:00Z"}]}
                """, CustomerContext.class);

        assertThat(old.recentTouchpoints).extracting(CustomerContext.ChannelTouch::count).containsExactly(1, 1, 1);
        assertThat(old.evaluatedAt(NOW, Duration.ofDays(30)).attributes.preferredChannel()).isEqualTo("web");
    }

    private static void touch(CustomerContext context, String channel, Instant at) {
        context.apply(new TouchpointRecordedEvent(CUSTOMER, channel + "-sys", "t-" + at + channel, channel, "visit", at,
                List.of(new Identifier("email", "x@example.org")), null, null, JsonNodeFactory.instance.objectNode()),
                "t-" + at + channel, at);
    }
}
