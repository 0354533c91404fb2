package org.journeyledger.journey.operations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.journeyledger.journey.support.KafkaTopics;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * Every metric that docs/operations.md tells operators to graph or alert on exists under that name in a live scrape
 * of {@code /actuator/prometheus}, once the application has handled some traffic: an alert written from the docs
 * matches something.
 */
class MetricsDocumentedTest extends LedgerIntegrationTest {

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    private static final Path OPERATIONS = Path.of("..", "docs", "operations.md");
    /** A row of the metrics table: its first cell, a metric name in backticks, perhaps with labels. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)(\\{[^`]*})?` \\|", Pattern.MULTILINE);

    @Test
    void everyMetricTheOperationsGuideNamesIsScrapedUnderThatName() throws IOException {
        String card = loyaltyCard();
        String customerId = recordNew(with(touchpoint("store", "visit", Instant.now()), "loyalty_card", card));
        ArrayNode batch = JSON.createArrayNode().add(with(touchpoint("web", "login", Instant.now()), "loyalty_card",
                card));
        assertThat(post("/api/touchpoints/batch", batch).status()).isEqualTo(200);
        String kafkaCard = loyaltyCard();
        KafkaTopics.produce("journey.touchpoints", kafkaCard, with(touchpoint("app", "visit", Instant.now()),
                "loyalty_card", kafkaCard).toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> resolve("loyalty_card", kafkaCard).status() == 200);
        awaitContext(customerId, context -> context.path("touchpointCount").asInt() == 2);
        assertThat(get("/api/customers/" + customerId + "/context?asOf=" + Instant.now()).status()).isEqualTo(200);

        List<String> documented = documentedMetrics();
        assertThat(documented).hasSizeGreaterThan(10);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scrape = getText("/actuator/prometheus");
            assertThat(documented).allSatisfy(name -> assertThat(scraped(scrape, name))
                    .as("%s is in operations.md but not in the scrape", name).isTrue());
            // The guide names the consumer's client id: "consumer-" + the group id + a number.
            assertThat(scrape).containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\""
                    + Pattern.quote("consumer-" + consumerGroup() + "-") + "[0-9]+\"");
        });
    }

    private String consumerGroup() {
        return listeners.getListenerContainer("touchpoint-ingest").getGroupId();
    }

    private static List<String> documentedMetrics() throws IOException {
        String guide = Files.readString(OPERATIONS);
        int from = guide.indexOf("## Health and metrics");
        String section = guide.substring(from, guide.indexOf("\n## ", from + 1));
        List<String> names = new ArrayList<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }

    /** Whether a series of that name (or of its histogram's parts) is in the scrape. */
    private static boolean scraped(String scrape, String name) {
        return Pattern.compile("^" + Pattern.quote(name) + "(_bucket|_count|_sum|_max)?[{ ]", Pattern.MULTILINE)
                .matcher(scrape).find();
    }
}
