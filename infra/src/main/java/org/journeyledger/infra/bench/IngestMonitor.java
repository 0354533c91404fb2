package org.journeyledger.infra.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Polls {@code /actuator/prometheus} every 500 ms while touchpoints are sent: the touchpoints stored so far (for the
 * throughput curve) and the lag of the projections' processor (for the lag percentiles of the current phase). "Caught
 * up" means what a reader sees: the stored counters have reached what was sent and the projections have lag 0.
 * Waiting for a phase's end and the progress lines read these same scrapes: when the wait scraped on its own every
 * 100 ms besides, serving the harness took a fifth of the application's CPU samples during Kafka ingest (a flight
 * recording of the quick scale).
 */
final class IngestMonitor implements AutoCloseable {

    /** The processor of both projections read by agents: the context documents and the timeline. */
    static final String PROJECTIONS = "customer-context";
    private static final long PERIOD_MS = 500;

    private final AppClient client;
    private final long origin = System.nanoTime();
    private final List<SvgPlot.Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String phase = "idle";
    private volatile boolean quiet;
    private volatile Prometheus last;
    private volatile long scrapes;
    private Histogram lag = new Histogram(3);

    IngestMonitor(AppClient client) {
        this.client = client;
        this.thread = new Thread(this::loop, "bench-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts a new phase: its own lag histogram and a mark on the plot. */
    synchronized void phase(String name) {
        phase = name;
        quiet = false;
        lag = new Histogram(3);
    }

    /**
     * Stops polling until the next phase: a scrape costs the application CPU (the lag gauges query the event store's
     * head), and four a second would weigh on latencies measured meanwhile. An operator's Prometheus scrapes every
     * 15 s or so.
     */
    void quiet() {
        quiet = true;
    }

    synchronized Histogram lagHistogram() {
        return lag.copy();
    }

    synchronized List<SvgPlot.Sample> samples() {
        return List.copyOf(samples);
    }

    /** Touchpoints stored or answered as duplicates, by both paths, since the application started. */
    static double ingested(Prometheus p) {
        return orZero(p.sum("journey_touchpoints_ingested_total"));
    }

    /** Kafka records stored, duplicates or dead-lettered: every record the ingest is done with. */
    static double kafkaHandled(Prometheus p) {
        return orZero(p.sum("journey_kafka_touchpoints_handled_total"));
    }

    /** A counter is registered on its first increment; before that it is absent, which means zero. */
    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    static boolean caughtUp(Prometheus p) {
        return p.lag(PROJECTIONS) == 0;
    }

    /** The latest scrape, or null before the first. */
    Prometheus latest() {
        return last;
    }

    /**
     * Waits until a scrape after this call satisfies {@code done}; fails if nothing at all moves for {@code stall}.
     * Only while the monitor is quiet does it scrape itself.
     */
    Prometheus await(Predicate<Prometheus> done, Duration stall) throws Exception {
        double lastIngested = -1;
        long lastMove = System.nanoTime();
        long seen = scrapes;
        while (true) {
            Prometheus p;
            if (quiet) {
                p = client.prometheus();
            } else {
                while (scrapes == seen) {
                    if (System.nanoTime() - lastMove > stall.toNanos()) {
                        throw new IllegalStateException("no scrape of the application for " + stall);
                    }
                    Thread.sleep(10);
                }
                seen = scrapes;
                p = last;
            }
            if (done.test(p)) {
                return p;
            }
            double progress = ingested(p) + p.lag(PROJECTIONS) * 1e-6;
            if (progress != lastIngested) {
                lastIngested = progress;
                lastMove = System.nanoTime();
            } else if (System.nanoTime() - lastMove > stall.toNanos()) {
                throw new IllegalStateException("no progress for " + stall + ": ingested " + ingested(p)
                        + ", lag " + p.lag(PROJECTIONS));
            }
            if (quiet) {
                Thread.sleep(PERIOD_MS);
            }
        }
    }

    private void loop() {
        double previous = Double.NaN;
        long previousAt = 0;
        while (running) {
            try {
                if (quiet) {
                    Thread.sleep(PERIOD_MS);
                    continue;
                }
                Prometheus p = client.prometheus();
                long now = System.nanoTime();
                last = p;
                scrapes++; // only this thread writes it
                double ingested = ingested(p);
                double maxLag = p.lag(PROJECTIONS);
                synchronized (this) {
                    if (maxLag >= 0) {
                        lag.recordValue((long) maxLag);
                    }
                    if (!Double.isNaN(previous)) {
                        double perSecond = (ingested - previous) / ((now - previousAt) / 1e9);
                        samples.add(new SvgPlot.Sample((now - origin) / 1e9, perSecond, Math.max(0, maxLag), phase));
                    }
                }
                previous = ingested;
                previousAt = now;
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a scrape failed (the app is busy or restarting); the next one will tell
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }
}
