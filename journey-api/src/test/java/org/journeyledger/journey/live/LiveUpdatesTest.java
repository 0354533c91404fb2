package org.journeyledger.journey.live;

import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

class LiveUpdatesTest extends LedgerIntegrationTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<CompletableFuture<?>> openStreams = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        openStreams.forEach(stream -> stream.cancel(true));
    }

    @Test
    void aTouchpointPostedOverHttpArrivesOnTheCustomersStreamWithinASecond() throws Exception {
        String email = email();
        String customer = recordNew(with(touchpoint("web", "login", Instant.now()), "email", email));
        BlockingQueue<String> lines = open(customer);
        assertThat(lines.poll(10, TimeUnit.SECONDS)).as("the opening comment").startsWith(":");

        // An event of another customer is not sent on this stream.
        record(with(touchpoint("app", "login", Instant.now()), "email", "someone-" + UUID.randomUUID() + "@example.org"));
        long sent = System.nanoTime();
        HttpResult stored = record(with(touchpoint("call_centre", "call", Instant.now()), "email", email));
        String eventId = stored.body().get("eventId").asText();

        // Events stored just before the stream opened may still come first; ours must come, and soon.
        JsonNode update = nextUpdate(lines, Duration.ofSeconds(10), u -> {
            assertThat(u.get("customerId").asText()).as("customer of every event on the stream").isEqualTo(customer);
            return u.get("eventId").asText().equals(eventId);
        });
        Duration took = Duration.ofNanos(System.nanoTime() - sent);
        assertThat(update.get("eventId").asText()).isEqualTo(eventId);
        assertThat(update.get("type").asText()).isEqualTo("TouchpointRecordedEvent");
        assertThat(update.get("customerId").asText()).isEqualTo(customer);
        assertThat(Instant.parse(update.get("recordedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        // Within a second on an idle machine; the margin is for a busy build machine.
        assertThat(took).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aTypedTouchpointSendsEachOfItsEventsInOrder() throws Exception {
        String email = email();
        String customer = recordNew(with(touchpoint("web", "login", Instant.now()), "email", email));
        BlockingQueue<String> lines = open(customer);
        assertThat(lines.poll(10, TimeUnit.SECONDS)).startsWith(":");

        var fact = with(touchpoint("chat", "fact", Instant.now()), "email", email);
        fact.putObject("data").put("key", "order_number").put("value", "SO-" + UUID.randomUUID().toString().substring(0, 6));
        fact.put("conversationId", "case-" + UUID.randomUUID());
        record(fact);

        List<String> types = new ArrayList<>();
        String type = "";
        while (!type.equals("FactToldEvent")) {
            type = nextUpdate(lines, Duration.ofSeconds(10), u -> true).get("type").asText();
            types.add(type);
        }
        assertThat(types).endsWith("TouchpointRecordedEvent", "ConversationStartedEvent", "FactToldEvent");
    }

    @Test
    void anUnknownCustomerHasNoStream() throws Exception {
        // As a browser's EventSource asks for it.
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/api/customers/" + UUID.randomUUID() + "/stream"))
                .header("Accept", "text/event-stream").header("X-API-Key", ALL_ROLES_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("urn:journey-ledger:problem:not-found");
    }

    /** Opens the customer's event stream as a browser's EventSource would, and queues its lines as they arrive. */
    private BlockingQueue<String> open(String customer) throws IOException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/customers/" + customer + "/stream"))
                .header("Accept", "text/event-stream").header("X-API-Key", ALL_ROLES_KEY).GET().build();
        CompletableFuture<HttpResponse<Stream<String>>> response =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        openStreams.add(response.thenAcceptAsync(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/event-stream"));
            r.body().filter(line -> !line.isEmpty()).forEach(lines::add);
        }));
        return lines;
    }

    /** The next ledger event on the stream that matches, skipping comments and the other fields of events. */
    private static JsonNode nextUpdate(BlockingQueue<String> lines, Duration within, Predicate<JsonNode> wanted)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String eventName = null;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            if (line.startsWith("event:")) {
                eventName = line.substring("event:".length()).trim();
            } else if (line.startsWith("data:")) {
                assertThat(eventName).isEqualTo("ledger-event");
                JsonNode update = JSON.readTree(line.substring("data:".length()));
                if (wanted.test(update)) {
                    return update;
                }
            }
        }
        throw new AssertionError("no ledger event on the stream within " + within);
    }
}
