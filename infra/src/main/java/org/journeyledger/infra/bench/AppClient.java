package org.journeyledger.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The bench's HTTP client of the application: JSON API, Prometheus page and heap metric. */
final class AppClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The credential the bench sends (X-API-Key): the default run's public demo administrator key, or for an app on
     * an external database a key issued there, given as JOURNEY_API_KEY (see docs/security.md).
     */
    private static final String API_KEY = System.getenv().getOrDefault("JOURNEY_API_KEY", "demo-admin-key");

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    AppClient(String base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                        .header("X-API-Key", API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    JsonNode postJson(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(10)).header("Content-Type", "application/json").header("X-API-Key", API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    Prometheus prometheus() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/actuator/prometheus");
        return Prometheus.parse(response.body());
    }

    /** Heap in use, bytes (all heap pools). */
    double heapUsed() throws IOException, InterruptedException {
        return getJson("/actuator/metrics/jvm.memory.used?tag=area:heap").path("measurements").path(0).path("value")
                .asDouble();
    }
}
