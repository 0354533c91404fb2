package org.journeyledger.journey.audit;

import org.journeyledger.journey.ledger.HashChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whole-ledger verifications running in the background, one at a time, with progress. Besides the broken streams
 * each run computes the ledger digest: the SHA-256 over every stream's head hash ({@code customerId:headHash}
 * lines, sorted), which a copy kept elsewhere can be compared with to detect even a wholesale rewrite of chains.
 * <p>
 * Runs are kept in memory on the node that ran them (the last {@value #KEPT} runs).
 */
@Service
public class LedgerVerifications {

    private static final Logger log = LoggerFactory.getLogger(LedgerVerifications.class);
    private static final int KEPT = 20;
    private static final int MAX_FAILURES_LISTED = 100;

    private final ChainVerifier verifier;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-verification");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    LedgerVerifications(ChainVerifier verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    /** A verification run as the API shows it. */
    public record Status(String id, String state, Instant startedAt, Instant finishedAt, long streamsTotal,
                         long streamsVerified, long eventsVerified, boolean intact,
                         List<ChainVerifier.Failure> failures, String ledgerDigest, String expectedDigest,
                         Boolean digestMatches, String error) {
    }

    private final class Run {
        final String id = UUID.randomUUID().toString();
        final Instant startedAt = clock.instant();
        final String expectedDigest;
        volatile String state = "running";
        volatile long streamsTotal;
        final AtomicLong streamsVerified = new AtomicLong();
        final AtomicLong eventsVerified = new AtomicLong();
        final List<ChainVerifier.Failure> failures = new ArrayList<>();
        volatile Instant finishedAt;
        volatile String digest;
        volatile String error;

        Run(String expectedDigest) {
            this.expectedDigest = expectedDigest;
        }

        synchronized Status status() {
            boolean done = "completed".equals(state);
            return new Status(id, state, startedAt, finishedAt, streamsTotal, streamsVerified.get(),
                    eventsVerified.get(), done && failures.isEmpty() && (expectedDigest == null || expectedDigest.equals(digest)),
                    List.copyOf(failures), digest, expectedDigest,
                    expectedDigest == null || digest == null ? null : expectedDigest.equals(digest), error);
        }
    }

    /**
     * Starts verifying every stream.
     *
     * @param expectedDigest a ledger digest recorded earlier (a checkpoint) to compare with, or null
     */
    public Status start(String expectedDigest) {
        Run run = new Run(expectedDigest);
        runs.put(run.id, run);
        if (runs.size() > KEPT) {
            runs.values().stream().filter(r -> !"running".equals(r.state))
                    .min((a, b) -> a.startedAt.compareTo(b.startedAt)).ifPresent(oldest -> runs.remove(oldest.id));
        }
        worker.submit(() -> execute(run));
        return run.status();
    }

    public Optional<Status> status(String id) {
        return Optional.ofNullable(runs.get(id)).map(Run::status);
    }

    /** Verifies every stream now, in the caller's thread (used by the command-line verification). */
    public Status runNow(String expectedDigest) {
        Run run = new Run(expectedDigest);
        execute(run);
        return run.status();
    }

    private void execute(Run run) {
        try {
            List<String> streams = verifier.streams();
            run.streamsTotal = streams.size();
            StringBuilder heads = new StringBuilder();
            for (String stream : streams) {
                ChainVerifier.StreamVerdict verdict = verifier.verify(stream);
                run.eventsVerified.addAndGet(verdict.events());
                synchronized (run) {
                    if (verdict.failure() != null && run.failures.size() < MAX_FAILURES_LISTED) {
                        run.failures.add(verdict.failure());
                    }
                }
                heads.append(stream).append(':').append(verdict.headHash()).append('\n');
                run.streamsVerified.incrementAndGet();
            }
            run.digest = HashChain.sha256(heads.toString().getBytes(StandardCharsets.UTF_8));
            run.state = "completed";
            log.info("Ledger verification {}: {} streams, {} events, {} broken, digest {}", run.id, run.streamsTotal,
                    run.eventsVerified.get(), run.failures.size(), run.digest);
        } catch (RuntimeException e) {
            run.state = "failed";
            run.error = e.getMessage();
            log.error("Ledger verification {} failed", run.id, e);
        } finally {
            run.finishedAt = clock.instant();
        }
    }
}
