package org.journeyledger.journey.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Records the {@link DemoData demo data set} through the public HTTP API of a running ledger: the stories' and the
 * background customers' touchpoints with {@code POST /api/touchpoints/batch}, then S5's offer checks with
 * {@code POST /api/customers/{id}/offer-checks}.
 *
 * <pre>
 * java -jar journey-api.jar demo [baseUrl] [--api-key KEY]   (or infra/demo/load.sh; baseUrl default
 *                                                          http://localhost:8080; key also env JOURNEY_API_KEY)
 * </pre>
 *
 * <p>Running it again stores nothing new: on the same day every touchpoint is a duplicate (same source event id,
 * same content); on a later day the set's times differ, the ledger refuses each touchpoint as a reused source event
 * id, and the loader counts it as loaded before. An offer check is made only if the customer has none for that offer.
 * Any other refusal stops the loader with the ledger's problem, since it means the set and the API disagree.
 */
public final class DemoLoader {

    /** The API as the loader uses it: a JSON request, and the status with the JSON answer. */
    public interface Ledger {
        Answer post(String path, String json);

        Answer get(String path);
    }

    /** An HTTP answer: status and JSON body (a missing node when empty). */
    public record Answer(int status, JsonNode body) {
    }

    /** What a run did. */
    public record Result(int stored, int duplicates, int loadedBefore, int offerChecks) {
    }

    static final ObjectMapper JSON = new ObjectMapper();
    /** Touchpoints per batch request; the API takes up to 1,000 (journey.ingest.max-batch-size). */
    static final int BATCH = 500;
    private static final String REUSED = "urn:journey-ledger:problem:source-event-id-reused";

    private final Ledger ledger;
    private final PrintStream log;

    public DemoLoader(Ledger ledger, PrintStream log) {
        this.ledger = ledger;
        this.log = log;
    }

    public static void main(String[] args) {
        String base = "http://localhost:8080";
        String apiKey = System.getenv("JOURNEY_API_KEY");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--api-key") && i + 1 < args.length) {
                apiKey = args[++i];
            } else if (args[i].startsWith("--api-key=")) {
                apiKey = args[i].substring("--api-key=".length());
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                System.out.println("usage: java -jar journey-api.jar demo [baseUrl] [--api-key KEY]   (or env JOURNEY_API_KEY)");
                return;
            } else {
                base = args[i].replaceAll("/+$", "");
            }
        }
        DemoData data = DemoData.forDay(LocalDate.now(ZoneOffset.UTC));
        try {
            Result result = new DemoLoader(http(base, apiKey), System.out).load(data);
            System.out.printf("%nDone: %d touchpoints stored, %d already there, %d loaded on an earlier day, "
                    + "%d offer checks made.%n", result.stored(), result.duplicates(), result.loadedBefore(),
                    result.offerChecks());
        } catch (RuntimeException e) {
            System.err.println("Demo data not loaded: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("\nOpen " + base + "/ and find (Identifier, then the value as written):");
        for (DemoData.Story story : DemoData.STORIES) {
            System.out.printf("  %s %-45s %-13s %s%n", story.id(), story.title(), story.identifierType(),
                    story.identifierValue());
        }
        System.out.println("  Journeys: " + base + "/#journeys");
    }

    /** Records the whole set; answers what was stored. */
    public Result load(DemoData data) {
        int[] counts = new int[3];
        send("stories", data.stories(), counts);
        send("background customers", data.background(), counts);
        int checks = 0;
        for (DemoData.OfferCheck check : data.offerChecks()) {
            checks += offerCheck(check) ? 1 : 0;
        }
        return new Result(counts[0], counts[1], counts[2], checks);
    }

    private void send(String what, List<ObjectNode> touchpoints, int[] counts) {
        for (int from = 0; from < touchpoints.size(); from += BATCH) {
            List<ObjectNode> slice = touchpoints.subList(from, Math.min(touchpoints.size(), from + BATCH));
            ArrayNode batch = JSON.createArrayNode().addAll(slice);
            Answer answer = ledger.post("/api/touchpoints/batch", batch.toString());
            if (answer.status() != 200) {
                throw new IllegalStateException("POST /api/touchpoints/batch answered " + answer.status() + ": "
                        + answer.body() + (answer.status() == 401 || answer.status() == 403
                        ? " — give the ledger's API key with --api-key KEY or JOURNEY_API_KEY" : ""));
            }
            for (JsonNode item : answer.body().path("results")) {
                int status = item.path("status").asInt();
                if (status == 201) {
                    counts[0]++;
                } else if (status == 200) {
                    counts[1]++;
                } else if (status == 409 && REUSED.equals(item.path("problem").path("type").asText())) {
                    counts[2]++;
                } else {
                    throw new IllegalStateException("the ledger refused " + slice.get(item.path("index").asInt())
                            + ": " + item.path("problem"));
                }
            }
            log.printf("%s: %d of %d sent%n", what, Math.min(touchpoints.size(), from + BATCH), touchpoints.size());
        }
    }

    /** Makes the check unless the customer already has one for this offer; answers whether it was made. */
    private boolean offerCheck(DemoData.OfferCheck check) {
        String identifier = URLEncoder.encode(check.identifierType() + ":" + check.identifierValue(),
                StandardCharsets.UTF_8);
        Answer found = ledger.get("/api/customers/resolve?identifier=" + identifier);
        if (found.status() != 200) {
            throw new IllegalStateException("the S5 customer is not known by " + check.identifierValue() + ": "
                    + found.body());
        }
        String customerId = found.body().path("customerId").asText();
        Answer context = ledger.get("/api/customers/" + customerId + "/context");
        for (JsonNode made : context.body().path("offerChecks")) {
            if (check.offerId().equals(made.path("offerId").asText())) {
                return false;
            }
        }
        ObjectNode request = JSON.createObjectNode().put("offerId", check.offerId()).put("channel", check.channel())
                .put("purpose", check.purpose());
        check.skus().forEach(request.putArray("skus")::add);
        Answer decided = ledger.post("/api/customers/" + customerId + "/offer-checks", request.toString());
        if (decided.status() != 200) {
            throw new IllegalStateException("offer check " + check.offerId() + " answered " + decided.status() + ": "
                    + decided.body());
        }
        log.printf("offer check %s for %s: %s%n", check.offerId(), check.identifierValue(),
                decided.body().path("allowed").asBoolean() ? "allowed" : "suppressed " + decided.body().path("reasons"));
        return true;
    }

    /** The body as JSON; an answer that is not JSON (a proxy's error page) as a text node, to show as it is. */
    private static JsonNode parse(String body) {
        if (body.isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    /** The API over HTTP, with the API key (when given) as the X-API-Key header of every request. */
    static Ledger http(String base, String apiKey) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        return new Ledger() {
            @Override
            public Answer post(String path, String json) {
                return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
            }

            @Override
            public Answer get(String path) {
                return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
            }

            private Answer send(HttpRequest.Builder request) {
                request.header("Accept", "application/json").timeout(Duration.ofMinutes(5));
                if (apiKey != null && !apiKey.isBlank()) {
                    request.header("X-API-Key", apiKey);
                }
                try {
                    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    return new Answer(response.statusCode(), parse(response.body()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot reach the ledger at " + base
                            + " — is it running (mvn -pl journey-api -am spring-boot:run)?", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
