package org.journeyledger.journey.touchpoint.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.journeyledger.journey.config.JourneyProperties;
import org.journeyledger.journey.problem.InvalidFieldsException;
import org.journeyledger.journey.problem.ProblemHandling;
import org.journeyledger.journey.touchpoint.IngestResult;
import org.journeyledger.journey.touchpoint.Touchpoint;
import org.journeyledger.journey.touchpoint.TouchpointEnvelope;
import org.journeyledger.journey.touchpoint.TouchpointIngestion;
import org.journeyledger.journey.touchpoint.TouchpointParser;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP write path for channel systems: one touchpoint, or a batch with an answer per item.
 */
@RestController
@RequestMapping(path = "/api/touchpoints", consumes = MediaType.APPLICATION_JSON_VALUE,
        produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Touchpoints", description = "Record what happened in any channel")
class TouchpointController {

    private final TouchpointParser parser;
    private final TouchpointIngestion ingestion;
    private final ProblemHandling problems;
    private final int maxBatchSize;
    private final Timer singles;
    private final Timer batches;

    TouchpointController(TouchpointParser parser, TouchpointIngestion ingestion, ProblemHandling problems,
                         JourneyProperties properties, MeterRegistry meters) {
        this.parser = parser;
        this.ingestion = ingestion;
        this.problems = problems;
        this.maxBatchSize = properties.ingest().maxBatchSize();
        this.singles = ingestTimer(meters, "single");
        this.batches = ingestTimer(meters, "batch");
    }

    private static Timer ingestTimer(MeterRegistry meters, String endpoint) {
        return Timer.builder("journey.ingest.http").tag("endpoint", endpoint)
                .description("Time to parse and store the touchpoints of one HTTP request (refusals included)")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** The answer for one stored (or already stored) touchpoint. */
    record Accepted(String customerId, String eventId, boolean duplicate) {
        static Accepted of(IngestResult result) {
            return new Accepted(result.customerId(), result.eventId(), result.duplicate());
        }
    }

    /** The answer for one item of a batch: its HTTP-like status and either the result or the problem. */
    record ItemResult(int index, int status, String customerId, String eventId, Boolean duplicate,
                      ProblemDetail problem) {

        static ItemResult of(int index, IngestResult result) {
            return new ItemResult(index, result.duplicate() ? 200 : 201, result.customerId(), result.eventId(),
                    result.duplicate(), null);
        }
    }

    /** The answer for a batch, with counts so a channel can log a line per batch. */
    record BatchResult(int stored, int duplicates, int rejected, List<ItemResult> results) {
    }

    @PostMapping
    @Operation(summary = "Record one touchpoint",
            description = "201 when stored; 200 with the original answer when this (source, sourceEventId) was "
                    + "already recorded (nothing is stored again).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = TouchpointEnvelope.class))))
    @ApiResponse(responseCode = "201", description = "Stored")
    @ApiResponse(responseCode = "200", description = "Already recorded: the original answer")
    @ApiResponse(responseCode = "400", description = "Invalid touchpoint; nothing stored",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "Identifiers of different customers, or a reused sourceEventId",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Accepted> record(@RequestBody JsonNode body) {
        IngestResult result = singles.record(() -> ingestion.record(parser.parse(body)));
        if (result.duplicate()) {
            return ResponseEntity.ok(Accepted.of(result));
        }
        return ResponseEntity.created(URI.create("/api/customers/" + result.customerId() + "/timeline"))
                .body(Accepted.of(result));
    }

    @PostMapping("/batch")
    @Operation(summary = "Record up to journey.ingest.max-batch-size touchpoints",
            description = "Each item is recorded (or refused) on its own; the answer lists a status per item in order. "
                    + "Invalid items are answered at once; the valid ones are stored in groups of 100 per transaction, "
                    + "and a group the history refuses an item of is stored item by item, so a refusal never affects "
                    + "the others.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(array = @ArraySchema(schema = @Schema(implementation = TouchpointEnvelope.class)))))
    BatchResult recordBatch(@RequestBody JsonNode body) {
        return batches.record(() -> recordAll(body));
    }

    private BatchResult recordAll(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw new InvalidFieldsException("", "must be a JSON array of touchpoints");
        }
        if (body.isEmpty() || body.size() > maxBatchSize) {
            throw new InvalidFieldsException("", "must hold between 1 and " + maxBatchSize + " touchpoints, not "
                    + body.size());
        }
        List<ItemResult> results = new ArrayList<>(body.size());
        for (int from = 0; from < body.size(); from += TouchpointIngestion.GROUP_SIZE) {
            int to = Math.min(body.size(), from + TouchpointIngestion.GROUP_SIZE);
            // Invalid items are answered at once; the valid ones of the group are stored together.
            Map<Integer, Touchpoint> valid = new TreeMap<>();
            Map<Integer, ItemResult> answered = new TreeMap<>();
            for (int i = from; i < to; i++) {
                try {
                    valid.put(i, parser.parse(body.get(i)));
                } catch (RuntimeException invalid) {
                    answered.put(i, refusal(i, invalid));
                }
            }
            List<IngestResult> together = valid.isEmpty() ? List.of()
                    : storedTogether(List.copyOf(valid.values()));
            int next = 0;
            for (Map.Entry<Integer, Touchpoint> item : valid.entrySet()) {
                int index = item.getKey();
                answered.put(index, together != null ? ItemResult.of(index, together.get(next++))
                        : recordAlone(index, item.getValue()));
            }
            results.addAll(answered.values());
        }
        int stored = (int) results.stream().filter(result -> result.status() == 201).count();
        int duplicates = (int) results.stream().filter(result -> result.status() == 200).count();
        return new BatchResult(stored, duplicates, body.size() - stored - duplicates, results);
    }

    /** One transaction for the group; null when any of it was refused or failed, and nothing of it is stored. */
    private List<IngestResult> storedTogether(List<Touchpoint> group) {
        try {
            return ingestion.recordTogether(group);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private ItemResult recordAlone(int index, Touchpoint touchpoint) {
        try {
            return ItemResult.of(index, ingestion.record(touchpoint));
        } catch (RuntimeException e) {
            return refusal(index, e);
        }
    }

    /** The item's answer for a refusal; anything else is not a refusal and fails the request. */
    private ItemResult refusal(int index, RuntimeException e) {
        ProblemDetail problem = problems.problemFor(e).orElseThrow(() -> e);
        return new ItemResult(index, problem.getStatus(), null, null, null, problem);
    }
}
