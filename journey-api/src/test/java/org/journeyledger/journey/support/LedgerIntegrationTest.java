package org.journeyledger.journey.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.security.ApiKeys;
import org.journeyledger.journey.security.Role;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the whole application on a random port against a real PostgreSQL and a real Kafka broker, and talks to it over
 * HTTP and Kafka the way a channel system or the console would. Metrics export is on, as in production, so tests can
 * read them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@ContextConfiguration(initializers = {TestDatabase.class, TestKafka.class, TestSecurity.class})
public abstract class LedgerIntegrationTest {

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * The secret of the test key that holds every role, which {@link #post}, {@link #get} and {@link #record} send,
     * for raw HTTP clients of tests (header {@code X-API-Key}).
     */
    protected static final String ALL_ROLES_KEY = "test-key-all-roles";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    private ApiKeys apiKeys;

    /** Registers the test keys in this context's database (once; tests of other contexts have their own). */
    @BeforeEach
    void registerTestKeys() {
        apiKeys.register("test-all-roles", EnumSet.allOf(Role.class), ALL_ROLES_KEY, null, null);
    }

    /** An API key with exactly these roles (created on first use), e.g. {@code as(Role.AGENT)}. */
    protected Credential as(Role... roles) {
        EnumSet<Role> set = EnumSet.copyOf(List.of(roles));
        String name = "test-" + set.stream().map(r -> r.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("-"));
        String secret = name + "-key";
        apiKeys.register(name, set, secret, null, null);
        return Credential.apiKey(secret);
    }

    /** The credential with every role that the plain helpers send. */
    protected Credential allRoles() {
        return Credential.apiKey(ALL_ROLES_KEY);
    }

    protected HttpResult post(String path, Object body) {
        return post(allRoles(), path, body);
    }

    protected HttpResult get(String path) {
        return get(allRoles(), path);
    }

    /** POSTs JSON with the given credential ({@link Credential#none()} for none). */
    protected HttpResult post(Credential credential, String path, Object body) {
        String text = body instanceof String s ? s : write(body);
        return send(credential.applyTo(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text))));
    }

    /** GETs with the given credential ({@link Credential#none()} for none). */
    protected HttpResult get(Credential credential, String path) {
        return send(credential.applyTo(HttpRequest.newBuilder(uri(path)).GET()));
    }

    /** Sends any request with the given credential. */
    protected HttpResult send(Credential credential, String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : write(body));
        return send(credential.applyTo(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, publisher)));
    }

    /** The body of a response that is not one JSON document (an NDJSON export), as text; fails unless 200. */
    protected String getText(String path) {
        try {
            HttpResponse<String> response = HTTP.send(allRoles().applyTo(HttpRequest.newBuilder(uri(path)).GET())
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResult record(ObjectNode touchpoint) {
        return post("/api/touchpoints", touchpoint);
    }

    /** Records a touchpoint that must be new, returning the customer id the ledger answered with. */
    protected String recordNew(ObjectNode touchpoint) {
        HttpResult result = record(touchpoint);
        assertThat(result.status()).as("answer to %s: %s", touchpoint, result.body()).isEqualTo(201);
        return result.body().get("customerId").asText();
    }

    protected HttpResult resolve(String type, String value) {
        return get("/api/customers/resolve?identifier=" + URLEncoder.encode(type + ":" + value, StandardCharsets.UTF_8));
    }

    /** Waits (projections are asynchronous) until the customer's context satisfies the condition. */
    protected JsonNode awaitContext(String customerId, Predicate<JsonNode> condition) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/api/customers/" + customerId + "/context").body(), condition);
    }

    /** Waits until the customer's timeline holds {@code count} touchpoints, and returns its first page. */
    protected JsonNode awaitTimeline(String customerId, int count) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/api/customers/" + customerId + "/timeline?limit=500").body(),
                        page -> page.path("items").size() == count);
    }

    protected long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResult send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(response.body());
            return new HttpResult(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
