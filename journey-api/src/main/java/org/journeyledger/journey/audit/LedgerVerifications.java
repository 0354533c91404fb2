package org.journeyledger.journey.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

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
 * each run reports the {@link Checkpoint} of the ledger as verified (at its latest event), and, given a checkpoint
 * recorded earlier, recomputes the digest at that checkpoint's position from the verified chains and says whether
 * it matches: that detects even a wholesale rewrite of chains since the checkpoint.
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
                         List<ChainVerifier.Failure> failures, Checkpoint checkpoint, Checkpoint expectedCheckpoint,
                         Boolean checkpointMatches, String error) {
    }

    private final class Run {
        final String id = UUID.randomUUID().toString();
        final Instant startedAt = clock.instant();
        final Checkpoint expected;
        volatile String state = "running";
        volatile long streamsTotal;
        final AtomicLong streamsVerified = new AtomicLong();
        final AtomicLong eventsVerified = new AtomicLong();
        final List<ChainVerifier.Failure> failures = new ArrayList<>();
        volatile Instant finishedAt;
        volatile Checkpoint checkpoint;
        volatile String digestAtExpected;
        volatile String error;

        Run(Checkpoint expected) {
            this.expected = expected;
        }

        synchronized Status status() {
            boolean done = "completed".equals(state);
            Boolean matches = expected == null || digestAtExpected == null ? null
                    : expected.digest().equals(digestAtExpected);
            return new Status(id, state, startedAt, finishedAt, streamsTotal, streamsVerified.get(),
                    eventsVerified.get(), done && failures.isEmpty() && !Boolean.FALSE.equals(matches),
                    List.copyOf(failures), checkpoint, expected, matches, error);
        }
    }

    /**
     * Starts verifying every stream.
     *
     * @param expected a checkpoint recorded earlier to compare with, or null
     */
    public Status start(Checkpoint expected) {
        Run run = new Run(expected);
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
    public Status runNow(Checkpoint expected) {
        Run run = new Run(expected);
        execute(run);
        return run.status();
    }

    private void execute(Run run) {
        try {
            List<String> streams = verifier.streams();
            run.streamsTotal = streams.size();
            StringBuilder heads = new StringBuilder();
            StringBuilder atExpected = new StringBuilder();
            long position = run.expected == null ? Long.MAX_VALUE : run.expected.globalIndex();
            long newest = -1;
            for (String stream : streams) {
                ChainVerifier.Walk walk = verifier.verify(stream, position);
                ChainVerifier.StreamVerdict verdict = walk.verdict();
                if (walk.hashAtCheckpoint() != null) {
                    atExpected.append(stream).append(':').append(walk.hashAtCheckpoint()).append('\n');
                }
                newest = Math.max(newest, verdict.headGlobalIndex());
                run.eventsVerified.addAndGet(verdict.events());
                synchronized (run) {
                    if (verdict.failure() != null && run.failures.size() < MAX_FAILURES_LISTED) {
                        run.failures.add(verdict.failure());
                    }
                }
                heads.append(stream).append(':').append(verdict.headHash()).append('\n');
                run.streamsVerified.incrementAndGet();
            }
            run.checkpoint = new Checkpoint(newest, Checkpoints.digest(heads), streams.size(), clock.instant());
            if (run.expected != null) {
                run.digestAtExpected = Checkpoints.digest(atExpected);
            }
            run.state = "completed";
            log.info("Ledger verification {}: {} streams, {} events, {} broken, checkpoint {}", run.id,
                    run.streamsTotal, run.eventsVerified.get(), run.failures.size(), run.checkpoint);
        } catch (RuntimeException e) {
            run.state = "failed";
            run.error = e.getMessage();
            log.error("Ledger verification {} failed", run.id, e);
        } finally {
            run.finishedAt = clock.instant();
        }
    }
}
