package org.journeyledger.journey.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.journeyledger.journey.JourneyLedgerApplication;
import org.journeyledger.journey.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * The default run as a newcomer starts it: no database configured, so the embedded PostgreSQL starts in
 * {@code journey.data-dir}; what was recorded is still there after the application is stopped and started again.
 */
class DefaultRunRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void whatWasRecordedSurvivesARestartOnTheSameDataDirectory() throws Exception {
        Path dataDir = TestDatabase.freshDataDir();
        String card = loyaltyCard();
        String customerId;
        String eventId;

        try (ConfigurableApplicationContext app = start(dataDir)) {
            JsonNode answer = post(app, "/api/touchpoints",
                    with(touchpoint("store", "purchase", Instant.now()), "loyalty_card", card).toString());
            customerId = answer.get("customerId").asText();
            eventId = answer.get("eventId").asText();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    get(app, "/api/customers/" + customerId + "/timeline").path("items").size() == 1);
        }

        try (ConfigurableApplicationContext app = start(dataDir)) {
            JsonNode resolved = get(app, "/api/customers/resolve?identifier="
                    + URLEncoder.encode("loyalty_card:" + card, StandardCharsets.UTF_8));
            assertThat(resolved.get("customerId").asText()).isEqualTo(customerId);
            assertThat(get(app, "/api/customers/" + customerId + "/timeline").at("/items/0/eventId").asText())
                    .isEqualTo(eventId);
            assertThat(get(app, "/api/customers/" + customerId + "/context").get("touchpointCount").asInt())
                    .isEqualTo(1);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        // Arguments, not builder properties: those are defaults, below application.yml's journey.data-dir.
        return new SpringApplicationBuilder(JourneyLedgerApplication.class)
                .run("--journey.data-dir=" + dataDir, "--server.port=0");
    }

    private JsonNode post(ConfigurableApplicationContext app, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(app, path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private JsonNode get(ConfigurableApplicationContext app, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(app, path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static URI uri(ConfigurableApplicationContext app, String path) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return URI.create("http://localhost:" + port + path);
    }
}
