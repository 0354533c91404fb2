package org.journeyledger.journey.access;

import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.security.Role;
import org.journeyledger.journey.support.Credential;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.journeyledger.journey.security.Caller;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.journeyledger.journey.support.Touchpoints.email;

/**
 * Every read of a customer's personal data leaves an entry auditors can read: who, with which roles, when, what.
 */
class AccessLogTest extends LedgerIntegrationTest {

    @Autowired
    private TransactionTemplate transaction;

    @Test
    void everyReadOfACustomersDataIsInTheirAccessLogNewestFirst() throws Exception {
        Scenario customer = new Scenario("email", email());
        String customerId = recordNew(customer.interaction("chat", "case-7", Instant.now().minusSeconds(60),
                "message", "Where is my parcel?"));
        Credential agent = as(Role.AGENT);
        Credential auditor = as(Role.AUDITOR);
        String base = "/api/customers/" + customerId;

        assertThat(get(agent, base + "/context").status()).isEqualTo(200);
        assertThat(get(agent, base + "/timeline?limit=5").status()).isEqualTo(200);
        get(agent, base + "/conversations/case-7");
        openStream(agent, base + "/stream");
        assertThat(get(auditor, base + "/context?asOf=" + Instant.now()).status()).isEqualTo(200);
        assertThat(get(auditor, base + "/timeline?asOf=" + Instant.now()).status()).isEqualTo(200);
        assertThat(getRaw(auditor, "/api/audit/customers/" + customerId + "/export")).isEqualTo(200);

        JsonNode log = get(auditor, "/api/audit/customers/" + customerId + "/access-log").body();

        List<String> actions = new ArrayList<>();
        log.get("items").forEach(entry -> actions.add(entry.get("action").asText()));
        assertThat(actions).containsExactly("export", "timeline-as-of", "context-as-of", "stream",
                "conversation-resume", "timeline", "context");
        JsonNode newest = log.get("items").get(0);
        assertThat(newest.get("credential").asText()).isEqualTo("test-auditor");
        assertThat(newest.get("roles").toString()).isEqualTo("[\"auditor\"]");
        assertThat(newest.get("method").asText()).isEqualTo("GET");
        assertThat(newest.get("path").asText()).isEqualTo("/api/audit/customers/" + customerId + "/export");
        assertThat(newest.get("customerId").asText()).isEqualTo(customerId);
        assertThat(Instant.parse(newest.get("accessedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        JsonNode oldest = log.get("items").get(actions.size() - 1);
        assertThat(oldest.get("credential").asText()).isEqualTo("test-agent");
        assertThat(log.has("nextCursor")).isFalse();
    }

    @Test
    void aRefusedReadIsNoAccessButAStreamTicketNeverReachesTheLog() throws Exception {
        String customerId = recordNew(new Scenario("email", email()).fact("web", null, Instant.now(), "size", "42"));

        assertThat(get(as(Role.ANALYST), "/api/customers/" + customerId + "/context").status()).isEqualTo(403);
        String ticket = post(as(Role.AGENT), "/api/customers/" + customerId + "/stream-tickets", "").body()
                .get("ticket").asText();
        openStream(Credential.none(), "/api/customers/" + customerId + "/stream?ticket=" + ticket);

        JsonNode items = get(as(Role.AUDITOR), "/api/audit/customers/" + customerId + "/access-log").body().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("action").asText()).isEqualTo("stream");
        assertThat(items.get(0).get("credential").asText()).isEqualTo("test-agent");
        assertThat(items.get(0).get("path").asText()).doesNotContain(ticket);
    }

    @Test
    void theLogIsPagedByCursor() {
        String customerId = recordNew(new Scenario("email", email()).fact("web", null, Instant.now(), "size", "42"));
        for (int i = 0; i < 5; i++) {
            get(as(Role.AGENT), "/api/customers/" + customerId + "/timeline?limit=" + (i + 1));
        }
        String path = "/api/audit/customers/" + customerId + "/access-log?limit=2";

        List<String> paths = new ArrayList<>();
        String cursor = null;
        do {
            HttpResult page = get(as(Role.AUDITOR), path + (cursor == null ? "" : "&cursor=" + cursor));
            page.body().get("items").forEach(entry -> paths.add(entry.get("path").asText()));
            cursor = page.body().has("nextCursor") ? page.body().get("nextCursor").asText() : null;
        } while (cursor != null);

        assertThat(paths).containsExactly(
                "/api/customers/" + customerId + "/timeline?limit=5", "/api/customers/" + customerId + "/timeline?limit=4",
                "/api/customers/" + customerId + "/timeline?limit=3", "/api/customers/" + customerId + "/timeline?limit=2",
                "/api/customers/" + customerId + "/timeline?limit=1");
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveEntries() {
        String customerId = recordNew(new Scenario("email", email()).fact("web", null, Instant.now(), "size", "42"));
        get(as(Role.AGENT), "/api/customers/" + customerId + "/context");

        assertThatThrownBy(() -> jdbc.update("UPDATE access_log SET credential = 'nobody' WHERE customer_id = ?",
                customerId)).isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM access_log WHERE customer_id = ?", customerId))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThat(count("SELECT count(*) FROM access_log WHERE customer_id = ? AND credential = 'test-agent'",
                customerId)).isEqualTo(1);
    }

    @Test
    void aDeferredEntrySkipsOnlyItsOwnFlushAndIsWrittenAllTheSame() {
        String customerId = recordNew(new Scenario("email", email()).fact("web", null, Instant.now(), "size", "42"));
        Caller agent = new Caller("deferring-agent", Set.of(Role.AGENT));

        // Run inside an outer transaction so that the entry's own transaction setting can be read back after it.
        String deferred = transaction.execute(status -> {
            log(AccessLogProperties.Durability.DEFERRED).record(customerId, "context", agent, "GET", "/deferred");
            return jdbc.queryForObject("SHOW synchronous_commit", String.class);
        });
        String flushed = transaction.execute(status -> {
            log(AccessLogProperties.Durability.FLUSHED).record(customerId, "context", agent, "GET", "/flushed");
            return jdbc.queryForObject("SHOW synchronous_commit", String.class);
        });

        assertThat(deferred).isEqualTo("off");
        assertThat(flushed).isEqualTo("on");
        assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForList("SELECT path FROM access_log WHERE customer_id = ? AND credential = ? ORDER BY id",
                String.class, customerId, "deferring-agent")).containsExactly("/deferred", "/flushed");
    }

    private AccessLog log(AccessLogProperties.Durability durability) {
        return new AccessLog(jdbc, Clock.systemUTC(), transaction, new AccessLogProperties(durability));
    }

    /** Opens a live stream, takes its headers and closes it. */
    private void openStream(Credential credential, String path) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(credential.applyTo(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Accept", "text/event-stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private int getRaw(Credential credential, String path) throws Exception {
        return HttpClient.newHttpClient().send(credential.applyTo(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
