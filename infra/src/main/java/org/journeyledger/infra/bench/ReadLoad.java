package org.journeyledger.infra.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Concurrent context reads as a channel does them: resolve the identifier it holds, then read the context.
 * <p>
 * Two ways: {@link #run} — each thread a closed loop (next request when the last answered), which finds the
 * throughput the app sustains; its latencies are those of a saturated app and not corrected for coordinated
 * omission. {@link #runAtRate} — requests started on a fixed schedule, as agents' screens open independently of one
 * another; a request's latency counts from when it was due, so a stalled app shows in the figures instead of
 * slowing the load down.
 */
final class ReadLoad {

    record Result(Histogram resolveAndContext, Histogram contextOnly, long errors, double seconds) {
        double readsPerSecond() {
            return resolveAndContext.getTotalCount() / seconds;
        }
    }

    private final AppClient client;
    private final int customers;

    ReadLoad(AppClient client, int customers) {
        this.client = client;
        this.customers = customers;
    }

    Result run(int threads, Duration warmUp, Duration measure) throws InterruptedException {
        Recorder both = new Recorder(3);
        Recorder context = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        long warmUntil = System.nanoTime() + warmUp.toNanos();
        long endAt = warmUntil + measure.toNanos();
        runThreads(threads, "bench-reader-", t -> {
            SplittableRandom random = new SplittableRandom(1000 + t);
            return () -> {
                while (System.nanoTime() < endAt) {
                    long t0 = System.nanoTime();
                    pair(random.nextInt(customers), t0, t0 > warmUntil, both, context, errors);
                }
            };
        });
        return new Result(both.getIntervalHistogram(), context.getIntervalHistogram(), errors.get(),
                measure.toNanos() / 1e9);
    }

    /**
     * Pairs due every {@code 1 / perSecond} seconds, spread over {@code threads} threads (enough that a slow answer
     * does not hold the next one back). The pair's latency counts from when it was due; the context read's from when
     * it was sent.
     */
    Result runAtRate(double perSecond, int threads, Duration warmUp, Duration measure) throws InterruptedException {
        Recorder both = new Recorder(3);
        Recorder context = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long period = (long) (1e9 / perSecond);
        long start = System.nanoTime() + 100_000_000;
        long warmUntil = start + warmUp.toNanos();
        long endAt = warmUntil + measure.toNanos();
        runThreads(threads, "bench-scheduled-reader-", t -> () -> {
            while (true) {
                long index = next.getAndIncrement();
                long due = start + index * period;
                if (due >= endAt) {
                    return;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                pair(new SplittableRandom(index).nextInt(customers), due, due >= warmUntil, both, context, errors);
            }
        });
        return new Result(both.getIntervalHistogram(), context.getIntervalHistogram(), errors.get(),
                measure.toNanos() / 1e9);
    }

    /**
     * Resolves customer {@code c}'s card and reads its context; records the pair's latency from {@code since} and the
     * context read's own when {@code measured}, counts an error otherwise.
     */
    private void pair(int c, long since, boolean measured, Recorder both, Recorder context, AtomicLong errors) {
        try {
            String id = URLEncoder.encode("loyalty_card:" + LoadGenerator.loyaltyCard(c), StandardCharsets.UTF_8);
            String customerId = client.getJson("/api/customers/resolve?identifier=" + id).path("customerId").asText();
            long t1 = System.nanoTime();
            int status = client.get("/api/customers/" + customerId + "/context").statusCode();
            long t2 = System.nanoTime();
            if (status != 200) {
                errors.incrementAndGet();
            } else if (measured) {
                both.recordValue((t2 - since) / 1000);
                context.recordValue((t2 - t1) / 1000);
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
    }

    /** Runs {@code threads} threads, the t-th doing {@code work.apply(t)}, and waits for all of them. */
    private static void runThreads(int threads, String name, IntFunction<Runnable> work) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(work.apply(t), name + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }
}
