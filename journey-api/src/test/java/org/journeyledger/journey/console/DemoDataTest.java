package org.journeyledger.journey.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.demo.DemoData;
import org.journeyledger.journey.demo.DemoLoader;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo data loader against the running application, through this test's own HTTP helpers (as any request of the
 * tests): after one run the field stories S1–S5 are on the customers' contexts as the console shows them, and a
 * second run stores nothing.
 */
class DemoDataTest extends LedgerIntegrationTest {

    @Test
    void theDemoDataTellsTheFieldStoriesAndLoadingItAgainStoresNothing() {
        DemoData data = DemoData.forDay(LocalDate.now(ZoneOffset.UTC));
        DemoLoader loader = new DemoLoader(new DemoLoader.Ledger() {
            @Override
            public DemoLoader.Answer post(String path, String json) {
                HttpResult result = DemoDataTest.this.post(path, json);
                return new DemoLoader.Answer(result.status(), result.body());
            }

            @Override
            public DemoLoader.Answer get(String path) {
                HttpResult result = DemoDataTest.this.get(path);
                return new DemoLoader.Answer(result.status(), result.body());
            }
        }, new PrintStream(new ByteArrayOutputStream()));

        DemoLoader.Result first = loader.load(data);

        assertThat(first.stored()).isEqualTo(data.stories().size() + data.background().size());
        assertThat(first.offerChecks()).isEqualTo(2);

        // S1: the store purchase by loyalty card, the associate's words, the e-mail promotion, the adjustment.
        JsonNode s1 = awaitContext(customer("loyalty_card", "LC 3308-1175"),
                c -> c.at("/purchases/0/priceAdjustments").size() == 1 && c.path("offers").size() == 1);
        assertThat(texts(s1.path("identifiers"), "value")).contains("marta.ruiz@example.com", "LC33081175", "+34612345678");
        assertThat(s1.at("/purchases/0/channel").asText()).isEqualTo("store");
        assertThat(s1.at("/purchases/0/adjustedAmount").decimalValue()).isEqualByComparingTo("11.99");
        assertThat(s1.at("/offers/0/offerId").asText()).isEqualTo("spring-30");
        assertThat(get("/api/customers/" + s1.path("customerId").asText() + "/timeline?limit=50").body().toString())
                .contains("it will not drop");

        // S2: told once in chat, one conversation over two channels with two issues, a defect back again.
        JsonNode s2 = awaitContext(customer("phone", "+44 20 7946 0018"),
                c -> c.path("issues").size() == 4);
        assertThat(s2.at("/facts/order_number/value").asText()).isEqualTo("SO-558120");
        assertThat(s2.at("/facts/order_number/channel").asText()).isEqualTo("chat");
        assertThat(texts(s2.at("/conversations/case-4471/channels"), null)).containsExactly("chat", "call_centre");
        assertThat(texts(s2.at("/conversations/case-4471/issueIds"), null)).contains("INC-2231", "INC-2232");
        assertThat(s2.at("/issues/BUG-1980/release").asText()).isEqualTo("5.3.1");
        assertThat(s2.at("/issues/BUG-2301/status").asText()).isEqualTo("open");

        // S3: an open conversation app -> store -> web; a promise open, one broken when its due time passed, one kept.
        JsonNode s3 = awaitContext(customer("device_id", "dev-7f3a21c9"),
                c -> "broken".equals(c.at("/promises/loan-5120/status").asText()));
        assertThat(s3.at("/conversations/case-5120/status").asText()).isEqualTo("open");
        assertThat(texts(s3.at("/conversations/case-5120/channels"), null)).containsExactly("app", "store", "web");
        assertThat(s3.at("/promises/callback-5120/status").asText()).isEqualTo("open");
        assertThat(s3.at("/promises/refund-3307/status").asText()).isEqualTo("kept");

        // S4: the field-sales deal is active on the context the contact centre sees; the older one expired.
        JsonNode s4 = awaitContext(customer("phone", "+48 22 555 01 40"), c -> c.path("deals").size() == 2);
        assertThat(s4.at("/deals/DEAL-771/status").asText()).isEqualTo("active");
        assertThat(s4.at("/deals/DEAL-771/agreedBy").asText()).startsWith("rep:north-7");
        assertThat(s4.at("/deals/DEAL-512/status").asText()).isEqualTo("expired");

        // S5: the offer for the coat she bought is suppressed, the other one cleared; the journey view has data.
        JsonNode s5 = awaitContext(customer("email", "Eva.Jensen@example.org"), c -> c.path("offerChecks").size() == 2);
        for (JsonNode check : s5.path("offerChecks")) {
            boolean coat = check.path("offerId").asText().equals("winter-25");
            assertThat(check.path("allowed").asBoolean()).as(check.toString()).isEqualTo(!coat);
            if (coat) {
                assertThat(texts(check.path("reasons"), "code")).contains("recently_bought");
            }
        }
        JsonNode journeys = get("/api/analytics/journeys").body();
        assertThat(journeys.path("transitions").size()).isGreaterThan(3);
        assertThat(journeys.path("mostNegative").size()).isGreaterThan(3);

        DemoLoader.Result second = loader.load(data);

        assertThat(second.stored()).isZero();
        assertThat(second.duplicates()).isEqualTo(first.stored());
        assertThat(second.offerChecks()).isZero();
        // Background promises past their due time are being marked broken by the deadline scheduler (polling every
        // 2 s); let that settle so that the next test's event counts are its own.
        long[] previous = {-1};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2500)).until(() -> {
            long now = count("SELECT count(*) FROM domain_event_entry");
            boolean settled = now == previous[0];
            previous[0] = now;
            return settled;
        });
    }

    private String customer(String type, String value) {
        HttpResult found = resolve(type, value);
        assertThat(found.status()).as("%s %s: %s", type, value, found.body()).isEqualTo(200);
        return found.body().path("customerId").asText();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(field == null ? n.asText() : n.path(field).asText()));
        return texts;
    }
}
