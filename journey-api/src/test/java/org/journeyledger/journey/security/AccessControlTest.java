package org.journeyledger.journey.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.journeyledger.journey.support.Credential;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.TestSecurity;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.journeyledger.journey.security.Role.ADMIN;
import static org.journeyledger.journey.security.Role.AGENT;
import static org.journeyledger.journey.security.Role.ANALYST;
import static org.journeyledger.journey.security.Role.AUDITOR;
import static org.journeyledger.journey.security.Role.CHANNEL;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * Each role, and no credential at all, against each endpoint: 401 without a credential, 403 for a role that may not,
 * both as problem documents; anything else (200, 201, 404, …) for a role that may. The table is the one in
 * {@code docs/security.md}.
 */
class AccessControlTest extends LedgerIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One row of the table: a request and the roles that may send it (empty: open to anyone). */
    private record Endpoint(String method, String path, Object body, Set<Role> allowed) {
        boolean open() {
            return allowed.isEmpty();
        }

        @Override
        public String toString() {
            return method + " " + path.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}");
        }
    }

    private static Endpoint endpoint(String method, String path, Object body, Role... allowed) {
        return new Endpoint(method, path, body, allowed.length == 0 ? Set.of() : EnumSet.copyOf(List.of(allowed)));
    }

    @TestFactory
    Stream<DynamicTest> eachRoleIsAllowedOrDeniedOnEachEndpoint() {
        String email = email();
        String customerId = recordNew(with(touchpoint("web", "login", Instant.now().minusSeconds(60)), "email", email));
        String unknown = UUID.randomUUID().toString();
        String customer = "/api/customers/" + customerId;
        String now = Instant.now().toString();
        List<Endpoint> table = List.of(
                endpoint("POST", "/api/touchpoints", with(touchpoint("store", "visit", Instant.now()), "email", email),
                        CHANNEL, AGENT, ADMIN),
                endpoint("POST", "/api/touchpoints/batch",
                        List.of(with(touchpoint("store", "visit", Instant.now()), "email", email)), CHANNEL, ADMIN),
                endpoint("GET", "/api/customers/resolve?identifier=email:" + email, null, AGENT, AUDITOR, ADMIN),
                endpoint("GET", customer + "/context", null, AGENT, AUDITOR, ADMIN),
                endpoint("GET", customer + "/timeline", null, AGENT, AUDITOR, ADMIN),
                endpoint("GET", customer + "/context?asOf=" + now, null, AUDITOR, ADMIN),
                endpoint("GET", customer + "/timeline?asOf=" + now, null, AUDITOR, ADMIN),
                endpoint("GET", customer + "/conversations/case-1", null, AGENT, AUDITOR, ADMIN),
                endpoint("GET", customer + "/stream", null, AGENT, AUDITOR, ADMIN),
                endpoint("POST", customer + "/stream-tickets", null, AGENT, AUDITOR, ADMIN),
                endpoint("POST", customer + "/offer-checks", Map.of("skus", List.of("SKU-1"), "channel", "email",
                        "purpose", "marketing_email"), AGENT, ADMIN),
                endpoint("POST", "/api/customers/" + unknown + "/matches/m-1/confirm", Map.of(), AGENT, ADMIN),
                endpoint("POST", "/api/customers/" + unknown + "/erasure", Map.of(), AUDITOR, ADMIN),
                endpoint("POST", "/api/customers/" + unknown + "/unmerge", Map.of(), AUDITOR, ADMIN),
                endpoint("GET", "/api/analytics/journeys", null, ANALYST, AGENT, AUDITOR, ADMIN),
                endpoint("GET", "/api/audit/customers/" + customerId + "/verify", null, AUDITOR, ADMIN),
                endpoint("GET", "/api/audit/customers/" + customerId + "/export", null, AUDITOR, ADMIN),
                endpoint("GET", "/api/audit/checkpoints", null, AUDITOR, ADMIN),
                endpoint("GET", "/api/audit/customers/" + customerId + "/access-log", null, AUDITOR, ADMIN),
                endpoint("GET", "/api/admin/api-keys", null, ADMIN),
                endpoint("GET", "/actuator/prometheus", null, ADMIN),
                endpoint("GET", "/actuator/metrics", null, ADMIN),
                endpoint("GET", "/api/me", null, CHANNEL, AGENT, AUDITOR, ADMIN, ANALYST),
                endpoint("GET", "/actuator/health", null),
                endpoint("GET", "/v3/api-docs", null),
                endpoint("GET", "/", null),
                endpoint("GET", "/console/api.js", null));

        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint endpoint : table) {
            tests.add(DynamicTest.dynamicTest(endpoint + " without a credential", () -> {
                Answer answer = send(Credential.none(), endpoint);
                if (endpoint.open()) {
                    assertThat(answer.status()).as(answer.toString()).isLessThan(400);
                } else {
                    assertProblem(answer, 401, "unauthorized");
                }
            }));
            for (Role role : Role.values()) {
                tests.add(DynamicTest.dynamicTest(endpoint + " as " + role, () -> {
                    Answer answer = send(as(role), endpoint);
                    if (endpoint.open() || endpoint.allowed().contains(role)) {
                        assertThat(answer.status()).as(answer.toString()).isNotIn(401, 403).isLessThan(500);
                    } else {
                        assertProblem(answer, 403, "forbidden");
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void anUnknownKeyIsRefusedWith401RatherThanTreatedAsAnonymous() {
        HttpResult result = get(Credential.apiKey("jl_not-a-key"), "/actuator/health");

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.contentType()).startsWith("application/problem+json");
        assertThat(result.body().get("detail").asText()).contains("unknown or revoked");
    }

    @Test
    void anAdministratorIssuesAKeyThatWorksUntilItIsRevoked() {
        HttpResult issued = post("/api/admin/api-keys", Map.of("name", "pos-uploader-" + UUID.randomUUID(),
                "roles", List.of("channel")));
        assertThat(issued.status()).isEqualTo(201);
        String secret = issued.body().get("secret").asText();
        String id = issued.body().at("/key/id").asText();
        assertThat(secret).startsWith("jl_").hasSizeGreaterThan(40);
        assertThat(count("SELECT count(*) FROM api_key WHERE id = ?::uuid AND key_hash = sha256(convert_to(?, 'UTF8'))",
                id, secret)).as("only the hash is stored").isEqualTo(1);
        assertThat(post(Credential.apiKey(secret), "/api/touchpoints",
                with(touchpoint("store", "visit", Instant.now()), "email", email())).status()).isEqualTo(201);

        HttpResult revoked = send(allRoles(), "DELETE", "/api/admin/api-keys/" + id, null);
        assertThat(revoked.body().get("revokedAt").isNull()).isFalse();

        HttpResult refused = post(Credential.apiKey(secret), "/api/touchpoints",
                with(touchpoint("store", "visit", Instant.now()), "email", email()));
        assertThat(refused.status()).isEqualTo(401);
    }

    @Test
    void aKeyRevokedByAnotherNodeIsRefusedHereOnceTheCacheTimeHasPassed() {
        HttpResult issued = post("/api/admin/api-keys", Map.of("name", "pos-uploader-" + UUID.randomUUID(),
                "roles", List.of("channel")));
        Credential key = Credential.apiKey(issued.body().get("secret").asText());
        assertThat(post(key, "/api/touchpoints", with(touchpoint("store", "visit", Instant.now()), "email", email()))
                .status()).isEqualTo(201);

        // What DELETE /api/admin/api-keys/{id} on another node of the cluster writes; this node is not told.
        jdbc.update("UPDATE api_key SET revoked_at = now() WHERE id = ?::uuid", issued.body().at("/key/id").asText());

        long revokedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> post(key,
                "/api/touchpoints", with(touchpoint("store", "visit", Instant.now()), "email", email()))
                .status() == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).as("journey.security.api-key-cache-ttl is 5 s")
                .isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void aKeyNeedsANameAndKnownRoles() {
        HttpResult refused = post("/api/admin/api-keys", Map.of("name", "", "roles", List.of("janitor")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorFields()).containsExactly("name", "roles[0]");
    }

    @Test
    void theDefaultRunHasADemoKeyForEachRole() {
        assumeTrue(System.getenv("JOURNEY_TEST_DB_URL") == null,
                "the test contexts run on an external database (JOURNEY_TEST_DB_URL), not as the default run");
        assertThat(get(Credential.apiKey("demo-agent-key"), "/api/me").body().get("roles").toString())
                .isEqualTo("[\"agent\"]");
        assertThat(get(Credential.apiKey("demo-analyst-key"), "/api/me").body().get("name").asText())
                .isEqualTo("demo-analyst");
    }

    @Test
    void bearerTokenScopesBecomeRoles() throws Exception {
        String customerId = recordNew(with(touchpoint("web", "login", Instant.now()), "email", email()));

        HttpResult agent = get(Credential.bearer(token("crm-console", "openid journey.agent")),
                "/api/customers/" + customerId + "/context");
        HttpResult channel = get(Credential.bearer(token("web-shop", "journey.channel")),
                "/api/customers/" + customerId + "/context");
        HttpResult me = get(Credential.bearer(token("crm-console", "journey.agent journey.auditor")), "/api/me");

        assertThat(agent.status()).isEqualTo(200);
        assertProblem(new Answer(channel.status(), channel.contentType(), channel.body()), 403, "forbidden");
        assertThat(me.body().get("name").asText()).isEqualTo("jwt:crm-console");
        assertThat(me.body().get("roles").toString()).isEqualTo("[\"agent\",\"auditor\"]");
    }

    @Test
    void anApiKeyMayComeAsABearerTokenForClientsThatSendNoOtherHeader() throws Exception {
        Endpoint prometheus = endpoint("GET", "/actuator/prometheus", null, ADMIN);

        Answer admin = send(Credential.bearer(((Credential.ApiKey) as(ADMIN)).secret()), prometheus);
        Answer wrongKey = send(Credential.bearer("jl_not-a-key"), prometheus);

        assertThat(admin.status()).isEqualTo(200);
        assertProblem(wrongKey, 401, "unauthorized");
    }

    @Test
    void anExpiredOrForgedBearerTokenIsRefusedWith401() throws Exception {
        String expired = token("crm-console", "journey.agent", Instant.now().minusSeconds(600));
        String forged = token("crm-console", "journey.admin", Instant.now().plusSeconds(300),
                "a-secret-that-is-not-the-ledgers-but-long-enough");

        for (String token : List.of(expired, forged)) {
            HttpResult result = get(Credential.bearer(token), "/api/me");
            assertThat(result.status()).isEqualTo(401);
            assertThat(result.contentType()).startsWith("application/problem+json");
            assertThat(result.body().get("type").asText()).isEqualTo("urn:journey-ledger:problem:unauthorized");
        }
    }

    @Test
    void aStreamTicketOpensThatCustomersStreamOnly() throws Exception {
        String customerId = recordNew(with(touchpoint("web", "login", Instant.now()), "email", email()));
        String other = recordNew(with(touchpoint("web", "login", Instant.now()), "email", email()));
        HttpResult ticket = post(as(AGENT), "/api/customers/" + customerId + "/stream-tickets", "");
        assertThat(ticket.status()).isEqualTo(200);
        String value = ticket.body().get("ticket").asText();

        Answer own = send(Credential.none(), endpoint("GET", "/api/customers/" + customerId + "/stream?ticket=" + value, null));
        Answer foreign = send(Credential.none(), endpoint("GET", "/api/customers/" + other + "/stream?ticket=" + value, null));

        assertThat(own.status()).isEqualTo(200);
        assertThat(own.contentType()).startsWith("text/event-stream");
        assertProblem(foreign, 401, "unauthorized");
    }

    private static void assertProblem(Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("type").asText()).isEqualTo("urn:journey-ledger:problem:" + type);
        assertThat(answer.body().get("status").asInt()).isEqualTo(status);
        assertThat(answer.body().get("detail").asText()).isNotBlank();
    }

    /** Status, type and, for problems, the body; a stream's body is not waited for. */
    private record Answer(int status, String contentType, JsonNode body) {
    }

    private Answer send(Credential credential, Endpoint endpoint) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body = endpoint.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(endpoint.body()));
        HttpRequest request = credential.applyTo(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + endpoint.path())).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .method(endpoint.method(), body)).build();
        // Headers first: a live stream's body never ends.
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String type = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream in = response.body()) {
            JsonNode json = type.contains("json") ? JSON.readTree(in) : JSON.nullNode();
            return new Answer(response.statusCode(), type, json);
        }
    }

    private static String token(String subject, String scope) throws Exception {
        return token(subject, scope, Instant.now().plusSeconds(300));
    }

    private static String token(String subject, String scope, Instant expiresAt) throws Exception {
        return token(subject, scope, expiresAt, TestSecurity.JWT_SECRET);
    }

    private static String token(String subject, String scope, Instant expiresAt, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject(subject).claim("scope", scope).issueTime(Date.from(expiresAt.minusSeconds(600)))
                .expirationTime(Date.from(expiresAt)).build());
        jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
