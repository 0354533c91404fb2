package org.journeyledger.journey.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;

/**
 * A credential over its write rate limit is told to slow down with 429 and Retry-After, and nothing of the refused
 * request is stored; other credentials and reads go on.
 */
class RateLimitTest extends LedgerIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aKeyOverItsWriteLimitGets429WithRetryAfterAndNothingIsStored() throws Exception {
        JsonNode issued = post("/api/admin/api-keys", Map.of("name", "slow-pos-" + UUID.randomUUID(),
                "roles", List.of("channel", "agent"), "requestsPerSecond", 1, "burst", 2)).body();
        String secret = issued.get("secret").asText();
        Scenario customer = new Scenario("email", email());

        // At once, so that no token comes back in between: two fit in the burst, the others are over the limit.
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(sendAsync(secret, "POST", "/api/touchpoints",
                    customer.fact("web", null, Instant.now(), "visit_" + i, "yes").toString()));
        }
        List<HttpResponse<String>> answers = sent.stream().map(CompletableFuture::join).toList();

        List<HttpResponse<String>> stored = answers.stream().filter(a -> a.statusCode() == 201).toList();
        List<HttpResponse<String>> refused = answers.stream().filter(a -> a.statusCode() == 429).toList();
        assertThat(stored.size() + refused.size()).as("only 201 and 429").isEqualTo(4);
        assertThat(refused).hasSizeGreaterThanOrEqualTo(1);
        assertThat(stored).hasSizeGreaterThanOrEqualTo(2);
        HttpResponse<String> tooMany = refused.get(0);
        assertThat(tooMany.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Integer.parseInt(tooMany.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 2);
        JsonNode problem = JSON.readTree(tooMany.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:journey-ledger:problem:too-many-requests");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asText()).contains("retry after");

        String customerId = JSON.readTree(stored.get(0).body()).get("customerId").asText();
        assertThat(awaitTimeline(customerId, stored.size()).get("items")).as("nothing refused is stored")
                .hasSize(stored.size());
        // Reads are not limited, nor are other credentials' writes.
        assertThat(send(secret, "GET", "/api/customers/" + customerId + "/context", null).statusCode()).isEqualTo(200);
        assertThat(record(customer.fact("web", null, Instant.now(), "visit_3", "yes")).status()).isEqualTo(201);

        Thread.sleep(1100);
        assertThat(send(secret, "POST", "/api/touchpoints",
                customer.fact("web", null, Instant.now(), "visit_4", "yes").toString()).statusCode())
                .as("a token is back after a second").isEqualTo(201);
    }

    @Test
    void postgresqlCancelsStatementsThatRunLongerThanTheTimeout() {
        assertThat(jdbc.queryForObject("SHOW statement_timeout", String.class)).isEqualTo("1min");
    }

    @Test
    void theBucketRefillsAtItsRateUpToItsBurst() {
        WriteRateLimiter.TokenBucket bucket = new WriteRateLimiter.TokenBucket(10, 3);
        long start = System.nanoTime() + 1_000_000_000L;
        bucket.tryTake(start); // the bucket starts full; from here on the test gives the time
        assertThat(bucket.tryTake(start)).isZero();
        assertThat(bucket.tryTake(start)).isZero();
        assertThat(bucket.tryTake(start)).as("burst used up: wait 1/10 s").isBetween(99_000_000L, 100_000_000L);
        assertThat(bucket.tryTake(start + 100_000_000L)).isZero();
        long later = start + 10_000_000_000L;
        assertThat(List.of(bucket.tryTake(later), bucket.tryTake(later), bucket.tryTake(later)))
                .as("ten quiet seconds refill the burst, not more").containsExactly(0L, 0L, 0L);
        assertThat(bucket.tryTake(later)).isPositive();
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(String secret, String method, String path, String body) {
        return http.sendAsync(request(secret, method, path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String secret, String method, String path, String body) throws Exception {
        return http.send(request(secret, method, path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String secret, String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-API-Key", secret).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
