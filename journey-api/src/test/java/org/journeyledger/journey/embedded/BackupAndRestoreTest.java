package org.journeyledger.journey.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import org.journeyledger.journey.JourneyLedgerApplication;
import org.journeyledger.journey.audit.VerifyCommand;
import org.journeyledger.journey.support.Ports;
import org.journeyledger.journey.support.Scenario;
import org.journeyledger.journey.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.purchase;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * The default run's backup and restore as {@code docs/operations.md#backup-and-restore} writes it, by its own shell
 * commands: the ledger is stopped, its data directory copied without the erasure master key, the key kept apart, and
 * both restored into a new data directory. Restored with its key, the ledger verifies and answers as before; restored
 * without it, what the documentation says is lost is lost.
 */
class BackupAndRestoreTest {

    /** The commands of docs/operations.md, with the ledger stopped. */
    private static final String BACK_UP = """
            tar -C "$DATA" -czf "$BACKUP/journey-data.tar.gz" postgres kafka
            cp -p "$DATA/erasure-master-key" "$KEYS/erasure-master-key"
            """;
    private static final String RESTORE = """
            mkdir -p "$NEW"
            tar -C "$NEW" -xzf "$BACKUP/journey-data.tar.gz"
            install -m 600 "$KEYS/erasure-master-key" "$NEW/erasure-master-key"
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default run's public demo administrator key (README.md): these tests start the default run. */
    private static final String DEMO_ADMIN_KEY = "demo-admin-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path backup;
    private static Path keys;
    private static String email;
    private static String customer;
    private static String erased;
    private static final Map<String, JsonNode> BEFORE = new HashMap<>();

    private ConfigurableApplicationContext ledger;

    /** One history, with personal data and an erasure, recorded, stopped and backed up once for both tests. */
    @BeforeAll
    static void recordAndBackUp() throws Exception {
        Path data = TestDatabase.freshDataDir();
        backup = TestDatabase.freshDataDir();
        keys = Files.createTempDirectory(backup.getParent(), "keys-");
        email = email();
        Scenario ana = new Scenario("email", email);
        Scenario bob = new Scenario("loyalty_card", loyaltyCard());
        Instant at = Instant.now().minusSeconds(3600);
        try (ConfigurableApplicationContext app = start(data)) {
            customer = post(app, "/api/touchpoints", with(with(touchpoint("web", "login", at), "email", email),
                    "phone", "+34 600 123 456")).get("customerId").asText();
            post(app, "/api/touchpoints", ana.interaction("call_centre", null, at.plusSeconds(60), "call",
                    "Deliver to her sister at Calle Mayor 5"));
            post(app, "/api/touchpoints", ana.fact("call_centre", null, at.plusSeconds(120), "shoe_size", "38"));
            post(app, "/api/touchpoints", with(purchase("store", at.plusSeconds(180)), "email", email));
            erased = post(app, "/api/touchpoints", bob.interaction("store", null, at, "visit", "Asked for a refund"))
                    .get("customerId").asText();
            post(app, "/api/customers/" + erased + "/erasure", JSON.createObjectNode().put("reason", "ticket PRIV-1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> get(app, "/api/customers/" + customer + "/timeline")
                    .path("items").size() == 4 && get(app, "/api/customers/" + erased + "/context").has("erased"));
            for (String id : new String[]{customer, erased}) {
                BEFORE.put(id + "/context", withoutReadTime(get(app, "/api/customers/" + id + "/context")));
                BEFORE.put(id + "/timeline", get(app, "/api/customers/" + id + "/timeline"));
            }
        }
        shell(BACK_UP, Map.of("DATA", data.toString(), "BACKUP", backup.toString(), "KEYS", keys.toString()));
        assertThat(shellOutput("tar -tzf \"$BACKUP/journey-data.tar.gz\"", Map.of("BACKUP", backup.toString())))
                .as("the backup holds the database and the Kafka log, not the key").contains("postgres/PG_VERSION")
                .contains("kafka/").doesNotContain("erasure-master-key");
    }

    @Test
    void aColdCopyRestoredIntoANewDataDirectoryWithItsKeyVerifiesAndAnswersAsBefore() throws Exception {
        Path restored = TestDatabase.freshDataDir().resolve("restored");
        shell(RESTORE, Map.of("NEW", restored.toString(), "BACKUP", backup.toString(), "KEYS", keys.toString()));
        ledger = start(restored);

        assertThat(verify(ledger)).contains("\"intact\" : true").contains("\"streamsVerified\" : 2");
        for (String id : new String[]{customer, erased}) {
            assertThat(withoutReadTime(get(ledger, "/api/customers/" + id + "/context"))).as("context of " + id)
                    .isEqualTo(BEFORE.get(id + "/context"));
            assertThat(get(ledger, "/api/customers/" + id + "/timeline")).as("timeline of " + id)
                    .isEqualTo(BEFORE.get(id + "/timeline"));
        }
        assertThat(get(ledger, "/api/customers/resolve?identifier="
                + URLEncoder.encode("email:" + email, StandardCharsets.UTF_8)).get("customerId").asText())
                .isEqualTo(customer);
        assertThat(send(ledger, "POST", "/api/touchpoints", with(touchpoint("app", "login", Instant.now()), "email",
                email)).statusCode()).as("a new touchpoint of a restored customer").isEqualTo(201);
    }

    @Test
    void restoredWithoutItsKeyTheLedgerRefusesToStartAndSaysWhatToDo() throws Exception {
        Path restored = restoredWithoutKey("refused-without-key");

        assertThatThrownBy(() -> ledger = start(restored))
                .hasStackTraceContaining("The erasure master key does not open the data keys already in this database")
                .hasStackTraceContaining("journey.erasure.master-key-lost=true");
    }

    @Test
    void restoredWithoutItsKeyTheLedgerStillVerifiesAndShowsItsReadModelsButCanNeitherWriteNorEraseAKnownCustomer()
            throws Exception {
        Path restored = restoredWithoutKey("restored-without-key");
        ledger = start(restored, "--journey.erasure.master-key-lost=true");

        assertThat(verify(ledger)).contains("\"intact\" : true");
        // The read models hold what they were given in clear; only the event store's values are sealed.
        assertThat(withoutReadTime(get(ledger, "/api/customers/" + customer + "/context")))
                .isEqualTo(BEFORE.get(customer + "/context"));
        assertThat(send(ledger, "GET", "/api/audit/customers/" + customer + "/export", null).statusCode()).isEqualTo(200);
        assertThat(send(ledger, "GET", "/api/customers/" + customer + "/context?asOf=" + Instant.now(), null)
                .statusCode()).as("an as-of read, which decrypts the events").isEqualTo(500);
        assertThat(send(ledger, "POST", "/api/touchpoints", with(purchase("store", Instant.now()), "email", email))
                .statusCode()).as("a touchpoint of a known customer, even one without personal data").isEqualTo(500);
        assertThat(send(ledger, "POST", "/api/customers/" + customer + "/erasure",
                JSON.createObjectNode().put("reason", "ticket PRIV-2")).statusCode()).as("an erasure").isEqualTo(500);
        assertThat(send(ledger, "POST", "/api/touchpoints", with(touchpoint("web", "login", Instant.now()), "email",
                email())).statusCode()).as("a touchpoint of a new customer").isEqualTo(201);
    }

    @AfterEach
    void stop() {
        if (ledger != null) {
            ledger.close();
        }
    }

    private Path restoredWithoutKey(String name) throws Exception {
        Path restored = TestDatabase.freshDataDir().resolve(name);
        shell(RESTORE.lines().filter(line -> !line.contains("erasure-master-key")).reduce("", (a, b) -> a + b + "\n"),
                Map.of("NEW", restored.toString(), "BACKUP", backup.toString()));
        return restored;
    }

    /** The default run on a data directory, its broker on a free port rather than 9092. */
    private static ConfigurableApplicationContext start(Path dataDir, String... options) {
        // As command-line arguments: builder properties are defaults, which application.yml would override.
        List<String> arguments = new ArrayList<>(List.of("--journey.data-dir=" + dataDir, "--server.port=0",
                "--journey.embedded-kafka.port=" + Ports.free()));
        arguments.addAll(List.of(options));
        return new SpringApplicationBuilder(JourneyLedgerApplication.class).run(arguments.toArray(String[]::new));
    }

    /** {@code java -jar journey-api.jar verify} against the running ledger's embedded database. */
    private static String verify(ConfigurableApplicationContext app) {
        HikariDataSource database = (HikariDataSource) app.getBean(DataSource.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyCommand.run(new String[]{"verify", "--url=" + database.getJdbcUrl(),
                "--user=" + database.getUsername()}, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void shell(String script, Map<String, String> variables) throws IOException, InterruptedException {
        shellOutput(script, variables);
    }

    private static String shellOutput(String script, Map<String, String> variables)
            throws IOException, InterruptedException {
        ProcessBuilder shell = new ProcessBuilder("bash", "-euc", script).redirectErrorStream(true);
        shell.environment().putAll(variables);
        Process process = shell.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s%s", script, output).isZero();
        return output;
    }

    private static JsonNode withoutReadTime(JsonNode context) {
        ((ObjectNode) context.get("attributes")).remove("asOf");
        return context;
    }

    private static JsonNode post(ConfigurableApplicationContext app, String path, JsonNode body) throws Exception {
        HttpResponse<String> response = send(app, "POST", path, body);
        assertThat(response.statusCode()).as("%s %s: %s", path, body, response.body()).isBetween(200, 202);
        return JSON.readTree(response.body());
    }

    private static JsonNode get(ConfigurableApplicationContext app, String path) throws Exception {
        HttpResponse<String> response = send(app, "GET", path, null);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(ConfigurableApplicationContext app, String method, String path,
                                             JsonNode body) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-API-Key", DEMO_ADMIN_KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
