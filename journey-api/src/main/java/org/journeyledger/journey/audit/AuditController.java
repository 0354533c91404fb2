package org.journeyledger.journey.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.journeyledger.journey.problem.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For auditors: prove a customer's history (or the whole ledger) unaltered, and export it in the canonical form for
 * independent verification (see {@code docs/audit.md}).
 */
@RestController
@RequestMapping("/api/audit")
@Tag(name = "Audit", description = "Verify the hash chains and export the canonical history")
class AuditController {

    private final ChainVerifier verifier;
    private final LedgerVerifications verifications;
    private final Checkpoints checkpoints;
    private final JdbcTemplate jdbc;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    AuditController(ChainVerifier verifier, LedgerVerifications verifications, Checkpoints checkpoints,
                    JdbcTemplate jdbc, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.verifier = verifier;
        this.verifications = verifications;
        this.checkpoints = checkpoints;
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    @GetMapping(path = "/customers/{customerId}/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Recompute the customer's hash chain and name the first event that no longer matches")
    ChainVerifier.StreamVerdict verify(@PathVariable String customerId) {
        ChainVerifier.StreamVerdict verdict = verifier.verify(customerId);
        if (verdict.events() == 0) {
            throw new NotFoundException("The ledger holds no events of customer " + customerId);
        }
        return verdict;
    }

    /** Optional body of a verification request: a checkpoint recorded earlier, to compare with. */
    record VerificationRequest(Checkpoint checkpoint) {
    }

    @PostMapping(path = "/verifications", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start verifying every chain in the background; compare with a recorded checkpoint if given")
    ResponseEntity<LedgerVerifications.Status> startVerification(
            @RequestBody(required = false) VerificationRequest request) {
        LedgerVerifications.Status status = verifications.start(request == null ? null : request.checkpoint());
        return ResponseEntity.accepted().location(URI.create("/api/audit/verifications/" + status.id())).body(status);
    }

    @GetMapping(path = "/verifications/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Progress and result of a whole-ledger verification")
    LedgerVerifications.Status verification(@PathVariable String id) {
        return verifications.status(id).orElseThrow(() ->
                new NotFoundException("No verification " + id + " on this node (runs are kept in memory)"));
    }

    @GetMapping(path = "/checkpoints", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The latest ledger checkpoints, newest first (also logged and published when taken)")
    List<Checkpoint> checkpoints() {
        return checkpoints.recent(50);
    }

    @PostMapping(path = "/checkpoints", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Take a ledger checkpoint now (they are also taken periodically)")
    ResponseEntity<Checkpoint> takeCheckpoint() {
        return checkpoints.take().map(ResponseEntity::ok)
                .orElseThrow(() -> new NotFoundException("The ledger holds no settled events to checkpoint yet"));
    }

    @GetMapping(path = "/customers/{customerId}/export", produces = "application/x-ndjson")
    @Operation(summary = "The customer's stored events in the canonical form, one JSON object per line, with hashes")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String customerId) {
        Long events = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, customerId);
        if (events == null || events == 0) {
            throw new NotFoundException("The ledger holds no events of customer " + customerId);
        }
        StreamingResponseBody body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            jdbc.query("""
                    SELECT global_index, event_identifier, aggregate_identifier, sequence_number, type, payload_type,
                           payload_revision, time_stamp, payload, meta_data, hash
                    FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number""", row -> {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("globalIndex", row.getLong(1));
                line.put("eventId", row.getString(2));
                line.put("customerId", row.getString(3));
                line.put("sequence", row.getLong(4));
                line.put("type", row.getString(5));
                line.put("payloadType", row.getString(6));
                line.put("payloadRevision", row.getString(7));
                line.put("timestamp", row.getString(8));
                line.put("payload", Base64.getEncoder().encodeToString(row.getBytes(9)));
                byte[] metaData = row.getBytes(10);
                line.put("metaData", metaData == null ? null : Base64.getEncoder().encodeToString(metaData));
                line.put("hash", row.getString(11));
                try {
                    writer.write(mapper.writeValueAsString(line));
                    writer.write('\n');
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, customerId);
            writer.flush();
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-ndjson")).body(body);
    }
}
