package org.journeyledger.journey.promise;

import org.journeyledger.journey.support.Ports;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.journeyledger.journey.JourneyLedgerApplication;
import org.journeyledger.journey.support.Scenario;
import org.journeyledger.journey.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.shortId;

/**
 * A promise made in the store whose due time passes while the ledger is down is broken when it comes back, exactly
 * once: the deadline is kept in PostgreSQL, not in memory.
 */
class PromiseDueAcrossRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default run's public demo administrator key (README.md): these tests start the default run. */
    private static final String DEMO_ADMIN_KEY = "demo-admin-key";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPromiseDueWhileTheLedgerIsDownBreaksOnceWhenItIsBack() throws Exception {
        Path dataDir = TestDatabase.freshDataDir();
        Scenario customer = new Scenario("loyalty_card", "LC" + System.nanoTime());
        String promiseId = "call-by-friday-" + shortId();
        Instant dueAt;
        String customerId;

        try (ConfigurableApplicationContext app = start(dataDir)) {
            dueAt = Instant.now().plusSeconds(3);
            customerId = post(app, customer.promise("store", null, Instant.now(), promiseId, dueAt).toString())
                    .get("customerId").asText();
        }
        while (Instant.now().isBefore(dueAt.plusSeconds(1))) {
            Thread.sleep(200);
        }

        try (ConfigurableApplicationContext app = start(dataDir)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "broken".equals(
                    get(app, "/api/customers/" + customerId + "/context").at("/promises/" + promiseId + "/status").asText()));
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                            + " AND payload_type LIKE '%PromiseBrokenEvent'", Long.class, customerId) == 1L);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        // As command-line arguments: SpringApplicationBuilder.properties(...) are defaults, which application.yml's
        // journey.data-dir and server.port override (the test then shared journey-api/data and port 8080).
        return new SpringApplicationBuilder(JourneyLedgerApplication.class)
                .run("--journey.data-dir=" + dataDir, "--server.port=0", "--db-scheduler.polling-interval=1s",
                        "--journey.embedded-kafka.port=" + Ports.free());
    }

    /** Its own broker port, so the test never collides with a default run on 9092. */
    private JsonNode post(ConfigurableApplicationContext app, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(app, "/api/touchpoints"))
                .header("Content-Type", "application/json").header("X-API-Key", DEMO_ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private JsonNode get(ConfigurableApplicationContext app, String path) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(uri(app, path)).header("X-API-Key", DEMO_ADMIN_KEY).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static URI uri(ConfigurableApplicationContext app, String path) {
        return URI.create("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort() + path);
    }
}
