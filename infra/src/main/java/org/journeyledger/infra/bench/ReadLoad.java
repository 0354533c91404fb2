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

/**
 * Concurrent context reads as a channel does them: resolve the identifier it holds, then read the context. Each thread
 * is a closed loop (next request when the last answered), so the figures are latencies at the throughput the app
 * sustains, not at a fixed offered rate (no coordinated-omission correction claimed).
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
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom random = new SplittableRandom(1000 + t);
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < endAt) {
                    int c = random.nextInt(customers);
                    try {
                        long t0 = System.nanoTime();
                        String id = URLEncoder.encode("loyalty_card:" + LoadGenerator.loyaltyCard(c),
                                StandardCharsets.UTF_8);
                        String customerId = client.getJson("/api/customers/resolve?identifier=" + id)
                                .path("customerId").asText();
                        long t1 = System.nanoTime();
                        int status = client.get("/api/customers/" + customerId + "/context").statusCode();
                        long t2 = System.nanoTime();
                        if (status != 200) {
                            errors.incrementAndGet();
                        } else if (t0 > warmUntil) {
                            both.recordValue((t2 - t0) / 1000);
                            context.recordValue((t2 - t1) / 1000);
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }, "bench-reader-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return new Result(both.getIntervalHistogram(), context.getIntervalHistogram(), errors.get(),
                measure.toNanos() / 1e9);
    }
}
