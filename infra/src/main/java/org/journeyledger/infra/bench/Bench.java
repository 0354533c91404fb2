package org.journeyledger.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The benchmark: starts the built application (embedded PostgreSQL and Kafka, or an external PostgreSQL when
 * {@code JOURNEY_BENCH_DB_URL} is set), ingests a generated load over Kafka and HTTP, measures the physical baseline,
 * reads, as-of reads, heap and a full projection replay, then prints one table and writes an SVG plot. See
 * docs/performance.md for the command and the figures.
 */
public final class Bench {

    private static final Duration STALL = Duration.ofMinutes(5);
    private static final Duration READ_WARM_UP = Duration.ofSeconds(5);

    private final BenchScale scale;
    private final Path root;
    private final Report report;
    private AppProcess app;
    private AppClient client;
    private IngestMonitor monitor;

    private Bench(BenchScale scale, Path root) {
        this.scale = scale;
        this.root = root;
        this.report = new Report("journey-ledger bench, scale " + scale.name() + " (" + scale.customers()
                + " customers, " + scale.touchpoints() + " touchpoints + " + scale.heavyEvents()
                + " of one busy customer), " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    public static void main(String[] args) throws Exception {
        BenchScale scale = BenchScale.named(System.getProperty("bench.scale", "quick"));
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        new Bench(scale, root).run();
    }

    private void run() throws Exception {
        Path jar = root.resolve("journey-api/target/journey-api-0.1.0-SNAPSHOT.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -B -ntp -q -DskipTests package)");
        }
        // Under /tmp and world-searchable: as root, the embedded PostgreSQL runs as nobody and must reach its data.
        Path dataDir = Files.createTempDirectory(Path.of("/tmp"), "journey-bench-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path log = root.resolve("infra/target/bench-app.log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        ExternalDatabase external = ExternalDatabase.fromEnvironment();
        app = new AppProcess(jar, dataDir, log, external == null ? null : external.url(),
                external == null ? null : external.user(), external == null ? null : external.password());
        Thread cleanup = new Thread(() -> cleanUp(dataDir, external), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        String loadBefore = load();
        say("machine: " + Runtime.getRuntime().availableProcessors() + " cores; load before: " + loadBefore
                + "; app log: " + log + "; data: " + dataDir);
        try {
            measure();
            report.add("machine load (1/5/15 min) before / after", loadBefore + " / " + load());
            System.out.println();
            System.out.println(report.format());
        } finally {
            cleanUp(dataDir, external);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    private void measure() throws Exception {
        long t = System.nanoTime();
        app.start(List.of(), Duration.ofMinutes(3));
        say("app started in %.1f s on port %d, database %s".formatted((System.nanoTime() - t) / 1e9, app.httpPort,
                app.jdbcUrl()));
        client = new AppClient(app.baseUrl());
        LoadGenerator load = new LoadGenerator(42, scale.customers(), scale.touchpoints(),
                Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
        long kafkaCount = scale.touchpoints() / 2;
        long httpCount = scale.touchpoints() - kafkaCount;
        report.add("touchpoint JSON size (mean of first 1,000)", Report.number(meanSize(load)) + " bytes");

        monitor = new IngestMonitor(client);
        try {
            double kafkaRate = ingestKafka(load, kafkaCount);
            ingestHttp(load, kafkaCount, httpCount);
            busyCustomer();

            long storeEvents = storeEvents();
            long contexts = count("customer_context");
            String size = "%,d customers, %,d events in the store".formatted(contexts, storeEvents);
            report.add("data size after ingest", size);

            baseline(load, scale.touchpoints(), kafkaRate);
            reads(size);
            asOfReads();
            heap();
        } finally {
            monitor.close();
        }
        writePlot();
        replay();
    }

    // ---- 1. ingest ----------------------------------------------------------------------------------------------

    private double ingestKafka(LoadGenerator load, long count) throws Exception {
        monitor.phase("kafka");
        long eventsBefore = storeEvents();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        say("kafka: producing %,d touchpoints to journey.touchpoints".formatted(count));
        long start = System.nanoTime();
        long produced;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < count; i++) {
                LoadGenerator.Touchpoint tp = load.touchpoint(i);
                // Keyed by the customer's card, so one customer's touchpoints stay in order on one partition.
                producer.send(new ProducerRecord<>("journey.touchpoints", tp.key().getBytes(StandardCharsets.UTF_8),
                        tp.json().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            produced = System.nanoTime();
        }
        say("kafka: producer done in %.1f s; waiting for the ingest and both projections".formatted(
                (produced - start) / 1e9));
        Prometheus end = awaitProgress(p -> IngestMonitor.kafkaHandled(p) >= count && IngestMonitor.caughtUp(p),
                p -> "handled %,.0f of %,d".formatted(IngestMonitor.kafkaHandled(p), count));
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = count / seconds;
        long events = storeEvents() - eventsBefore;
        Histogram lag = monitor.lagHistogram();
        double deadLettered = end.sum("journey_kafka_touchpoints_handled_total", "outcome=\"dead_lettered\"");
        report.add("ingest over Kafka, end to end (until both projections caught up)",
                "%s touchpoints/s (%s ledger events/s; %,d in %.1f s)".formatted(Report.number(rate),
                        Report.number(events / seconds), count, seconds),
                ">= 0.3 x batched INSERT (~10,000/s)");
        report.add("  projection lag during Kafka ingest, p99 / max", "%,d / %,d events".formatted(
                lag.getValueAtPercentile(99), lag.getMaxValue()));
        report.add("  dead-lettered", Report.number(Double.isNaN(deadLettered) ? 0 : deadLettered));
        return rate;
    }

    private void ingestHttp(LoadGenerator load, long from, long count) throws Exception {
        monitor.phase("http");
        double ingestedBefore = IngestMonitor.ingested(client.prometheus());
        long eventsBefore = storeEvents();
        // Two clients in flight, each owning half of the customers: a customer's touchpoints stay in order, as
        // Kafka keeps them per partition.
        int senders = 2;
        AtomicLong rejected = new AtomicLong();
        AtomicLong stored = new AtomicLong();
        say("http: posting %,d touchpoints in batches of 1,000 from %d clients".formatted(count, senders));
        long start = System.nanoTime();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            futures.add(CompletableFuture.runAsync(() -> {
                try {
                    StringBuilder batch = new StringBuilder("[");
                    int inBatch = 0;
                    for (long i = from; i < from + count; i++) {
                        LoadGenerator.Touchpoint tp = load.touchpoint(i);
                        if (tp.customer() % senders != sender) {
                            continue;
                        }
                        batch.append(inBatch == 0 ? "" : ",").append(tp.json());
                        if (++inBatch == 1000) {
                            post(batch.append(']').toString(), stored, rejected);
                            batch.setLength(1);
                            inBatch = 0;
                        }
                    }
                    if (inBatch > 0) {
                        post(batch.append(']').toString(), stored, rejected);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        double posted = (System.nanoTime() - start) / 1e9;
        say("http: all batches answered in %.1f s (%,d rejected); waiting for both projections".formatted(posted,
                rejected.get()));
        double target = ingestedBefore + count - rejected.get();
        awaitProgress(p -> IngestMonitor.ingested(p) >= target && IngestMonitor.caughtUp(p),
                p -> "ingested %,.0f of %,.0f".formatted(IngestMonitor.ingested(p), target));
        double seconds = (System.nanoTime() - start) / 1e9;
        long events = storeEvents() - eventsBefore;
        Histogram lag = monitor.lagHistogram();
        report.add("ingest over HTTP batch (1,000 per request, 2 clients), end to end",
                "%s touchpoints/s (%s ledger events/s; %,d in %.1f s; answered after %.1f s)".formatted(
                        Report.number(count / seconds), Report.number(events / seconds), count, seconds, posted));
        report.add("  projection lag during HTTP ingest, p99 / max", "%,d / %,d events".formatted(
                lag.getValueAtPercentile(99), lag.getMaxValue()));
        report.add("  rejected items", Long.toString(rejected.get()));
    }

    private void post(String body, AtomicLong stored, AtomicLong rejected) throws Exception {
        JsonNode answer = client.postJson("/api/touchpoints/batch", body);
        stored.addAndGet(answer.path("stored").asLong() + answer.path("duplicates").asLong());
        long refused = answer.path("rejected").asLong();
        if (refused > 0 && rejected.getAndAdd(refused) == 0) {
            for (JsonNode result : answer.path("results")) {
                if (result.path("status").asInt() >= 400) {
                    say("http: first rejected item: " + result.path("problem"));
                    break;
                }
            }
        }
    }

    private Prometheus awaitProgress(java.util.function.Predicate<Prometheus> done,
                                     java.util.function.Function<Prometheus, String> progress) throws Exception {
        // A thread of its own, interrupted at the end (cancelling a CompletableFuture would not stop it).
        Thread ticker = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(5000);
                    Prometheus p = monitor.latest();
                    if (p == null) {
                        continue;
                    }
                    say("  … %s; lag %,.0f".formatted(progress.apply(p), p.lag(IngestMonitor.PROJECTIONS)));
                }
            } catch (InterruptedException e) {
                // done
            } catch (Exception e) {
                say("  … progress unavailable: " + e);
            }
        }, "bench-progress");
        ticker.setDaemon(true);
        ticker.start();
        try {
            return monitor.await(done, STALL);
        } finally {
            ticker.interrupt();
            ticker.join();
        }
    }

    // ---- 5. the busy customer and as-of reads -------------------------------------------------------------------

    private void busyCustomer() throws Exception {
        monitor.phase("busy customer");
        int n = scale.heavyEvents();
        say("busy customer: posting %,d touchpoints of one customer".formatted(n));
        Instant first = Instant.now();
        long start = System.nanoTime();
        Instant occurred = Instant.now().minus(Duration.ofDays(30));
        AtomicLong stored = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        // A slow ledger (one that folds the whole stream per touchpoint) would make this phase quadratic in the stream
        // length: it has a time budget (bench.heavySeconds) and the table states the length actually reached.
        long budget = Duration.ofSeconds(scale.heavySeconds()).toNanos();
        int sent = 0;
        long lastSay = start;
        while (sent < n && System.nanoTime() - start < budget) {
            StringBuilder batch = new StringBuilder("[");
            int to = Math.min(n, sent + 100);
            for (int k = sent; k < to; k++) {
                batch.append(k == sent ? "" : ",").append(LoadGenerator.heavy(k,
                        occurred.plusSeconds(k * 60L)).json());
            }
            post(batch.append(']').toString(), stored, rejected);
            sent = to;
            if (System.nanoTime() - lastSay > 10_000_000_000L || sent == n) {
                say("  … busy customer: %,d of %,d stored after %.1f s".formatted(sent, n,
                        (System.nanoTime() - start) / 1e9));
                lastSay = System.nanoTime();
            }
        }
        n = sent;
        double seconds = (System.nanoTime() - start) / 1e9;
        Instant last = Instant.now();
        awaitProgress(IngestMonitor::caughtUp, p -> "busy customer");
        report.add("busy customer's touchpoints over HTTP (one stream, batches of 100)",
                "%s touchpoints/s (%,d of %,d asked, in %.1f s%s)".formatted(Report.number(n / seconds), n,
                        scale.heavyEvents(), seconds, n < scale.heavyEvents() ? ", time budget reached" : ""));

        heavyFirst = first;
        heavyLast = last;
    }

    /**
     * As-of reads of the busy customer at instants spread over its recording. They wait until its last event is older
     * than the as-of snapshots' settle time (the application's default, 1 minute): until then no snapshot may end
     * there, and auditors ask about the past, not about the last minute.
     */
    private void asOfReads() throws Exception {
        monitor.phase("as-of");
        monitor.quiet();
        Instant first = heavyFirst;
        Instant last = heavyLast;
        Duration settle = Duration.ofSeconds(65);
        Duration wait = Duration.between(Instant.now(), last.plus(settle));
        if (!wait.isNegative()) {
            say("as-of: waiting %d s until the busy customer's last event has settled".formatted(wait.toSeconds()));
            Thread.sleep(wait.toMillis());
        }
        String customerId = client.getJson("/api/customers/resolve?identifier="
                + URLEncoder.encode("loyalty_card:LCHEAVY01", StandardCharsets.UTF_8)).path("customerId").asText();
        long streamLength = queryLong("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '"
                + customerId + "'");
        Histogram asOf = new Histogram(3);
        SplittableRandom random = new SplittableRandom(7);
        long span = Duration.between(first, last).toMillis() + 1;
        List<long[]> slowest = new ArrayList<>(); // {micros, read number, per mille of the recording}
        for (int k = 0; k < scale.asOfReads() + 20; k++) {
            // asOf anywhere in the stream's recording, so the fold covers from a few to all of its events.
            long offset = random.nextLong(span);
            Instant at = first.plusMillis(offset);
            long t0 = System.nanoTime();
            var response = client.get("/api/customers/" + customerId + "/context?asOf=" + at);
            long micros = (System.nanoTime() - t0) / 1000;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("as-of read answered " + response.statusCode() + ": "
                        + response.body());
            }
            if (k >= 20) { // the first 20 warm up
                asOf.recordValue(micros);
                slowest.add(new long[] {micros, k, offset * 1000 / span});
                slowest.sort(Comparator.comparingLong((long[] read) -> read[0]).reversed());
                if (slowest.size() > 5) {
                    slowest.remove(5);
                }
            }
        }
        // Whether the slowest reads are the first into a part of the stream (which fold far and save snapshots
        // there) or scattered (the machine) is not in the histogram.
        say("as-of: slowest reads " + slowest.stream().map(read -> "%.1f ms (read %d, at %d‰ of the recording)"
                .formatted(read[0] / 1000.0, read[1], read[2])).toList());
        asOfHistogram = asOf;
        report.add("as-of context reads, customer with %,d events, p50 / p99 / max (%d reads, 1 thread)".formatted(
                        streamLength, asOf.getTotalCount()),
                "%s / %s / %s".formatted(Report.millis(asOf.getValueAtPercentile(50)),
                        Report.millis(asOf.getValueAtPercentile(99)), Report.millis(asOf.getMaxValue())),
                "p99 <= 50 ms");
    }

    private Histogram asOfHistogram;
    private Histogram readHistogram;
    private Instant heavyFirst;
    private Instant heavyLast;

    // ---- 2. physical baseline -----------------------------------------------------------------------------------

    private void baseline(LoadGenerator load, long rows, double kafkaRate) throws Exception {
        monitor.phase("baseline");
        PhysicalBaseline baseline = new PhysicalBaseline(app.jdbcUrl(), app.dbUser(), app.dbPassword());
        say("baseline: %,d rows by batched INSERT, then by COPY".formatted(rows));
        PhysicalBaseline.Result insert = baseline.batchedInsert(load, rows);
        PhysicalBaseline.Result copy = baseline.copy(load, rows);
        say("baseline: table dropped, CHECKPOINT in %.1f s".formatted(baseline.dropTable()));
        report.add("physical baseline: INSERT, 1,000 rows per statement, same rows",
                "%s rows/s (%,d in %.1f s)".formatted(Report.number(insert.rowsPerSecond()), rows, insert.seconds()));
        report.add("physical baseline: COPY (CopyManager), same rows",
                "%s rows/s (%,d in %.1f s)".formatted(Report.number(copy.rowsPerSecond()), rows, copy.seconds()));
        report.add("  Kafka ingest / batched INSERT", String.format(Locale.ROOT, "%.3f", kafkaRate
                / insert.rowsPerSecond()), ">= 0.3");
        report.add("  Kafka ingest / COPY", String.format(Locale.ROOT, "%.3f", kafkaRate / copy.rowsPerSecond()));
    }

    // ---- 3. reads -----------------------------------------------------------------------------------------------

    private void reads(String size) throws Exception {
        monitor.phase("reads");
        monitor.quiet();
        say("reads: %d threads, %d s warm-up, %d s measured".formatted(scale.readThreads(), READ_WARM_UP.toSeconds(),
                scale.readSeconds()));
        ReadLoad load = new ReadLoad(client, scale.customers());
        ReadLoad.Result result;
        DatabaseActivity.Figures flatOutDatabase;
        try (DatabaseActivity activity = new DatabaseActivity(this::connect)) {
            result = load.run(scale.readThreads(), READ_WARM_UP, Duration.ofSeconds(scale.readSeconds()));
            flatOutDatabase = activity.finish();
        }
        Histogram both = result.resolveAndContext();
        Histogram ctx = result.contextOnly();
        report.add("context read (GET context), %d threads flat out, p50 / p99 / max".formatted(scale.readThreads()),
                "%s / %s / %s".formatted(Report.millis(ctx.getValueAtPercentile(50)),
                        Report.millis(ctx.getValueAtPercentile(99)), Report.millis(ctx.getMaxValue())));
        report.add("resolve + context flat out, p50 / p99 / max; throughput",
                "%s / %s / %s; %s pairs/s, %d errors".formatted(Report.millis(both.getValueAtPercentile(50)),
                        Report.millis(both.getValueAtPercentile(99)), Report.millis(both.getMaxValue()),
                        Report.number(result.readsPerSecond()), result.errors()));
        report.add("  autovacuum seen meanwhile", autovacuums(flatOutDatabase));

        say("reads: %d pairs/s on a fixed schedule, %d s warm-up, %d s measured".formatted(scale.readRate(),
                READ_WARM_UP.toSeconds(), scale.readSeconds()));
        ReadLoad.Result paced;
        DatabaseActivity.Figures database;
        try (DatabaseActivity activity = new DatabaseActivity(this::connect)) {
            paced = load.runAtRate(scale.readRate(), 16, READ_WARM_UP,
                    Duration.ofSeconds(scale.readSeconds()));
            database = activity.finish();
        }
        readHistogram = paced.contextOnly();
        Histogram pacedBoth = paced.resolveAndContext();
        Histogram pacedCtx = paced.contextOnly();
        report.add("context read at %d pairs/s (fixed schedule), p50 / p99 / max".formatted(scale.readRate()),
                "%s / %s / %s".formatted(Report.millis(pacedCtx.getValueAtPercentile(50)),
                        Report.millis(pacedCtx.getValueAtPercentile(99)), Report.millis(pacedCtx.getMaxValue())),
                "p99 <= 5 ms at 100k customers / 10M events");
        report.add("resolve + context at %d pairs/s, from when due, p50 / p99 / max".formatted(scale.readRate()),
                "%s / %s / %s; %d errors".formatted(Report.millis(pacedBoth.getValueAtPercentile(50)),
                        Report.millis(pacedBoth.getValueAtPercentile(99)), Report.millis(pacedBoth.getMaxValue()),
                        paced.errors()));
        report.add("  at data size", size);
        // Every pair due, the warm-up's too: the database was sampled throughout.
        double pairs = scale.readRate() * (READ_WARM_UP.toSeconds() + scale.readSeconds());
        report.add("  database meanwhile: shared buffers per pair; autovacuum seen",
                "%.1f hits, %.2f reads; %s".formatted(database.bufferHits() / pairs, database.bufferReads() / pairs,
                        autovacuums(database)));
    }

    private static String autovacuums(DatabaseActivity.Figures database) {
        return database.autovacuums().isEmpty() ? "none" : String.join(", ", database.autovacuums());
    }

    // ---- 6. heap ------------------------------------------------------------------------------------------------

    private void heap() throws Exception {
        double afterLoad = client.heapUsed();
        app.gc();
        Thread.sleep(2000);
        double atRest = client.heapUsed();
        report.add("app heap used after load / at rest (after jcmd GC.run)",
                "%s / %s (JVM options: %s)".formatted(Report.mib(afterLoad), Report.mib(atRest),
                        System.getProperty("bench.jvmArgs", "").isBlank() ? "none, max heap 1/4 of RAM"
                                : System.getProperty("bench.jvmArgs").trim()),
                "<= 512 MiB");
    }

    // ---- 4. replay ----------------------------------------------------------------------------------------------

    /**
     * Full rebuild of both projections from the event store. The embedded database only runs while the application
     * does, so the projections are emptied during a maintenance start in which their processor is subscribing (it
     * then neither holds nor writes tokens); the next normal start finds no token and replays from the first event.
     */
    private void replay() throws Exception {
        say("replay: maintenance start with the projections subscribing, to empty them and their tokens");
        app.stop();
        app.start(List.of("--axon.eventhandling.processors." + IngestMonitor.PROJECTIONS + ".mode=subscribing"),
                Duration.ofMinutes(3));
        long events = storeEvents();
        long touchpoints = count("timeline_entry");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM token_entry WHERE processor_name = '" + IngestMonitor.PROJECTIONS + "'");
            s.executeUpdate("DELETE FROM customer_context");
            s.executeUpdate("DELETE FROM customer_purchase");
            s.executeUpdate("DELETE FROM timeline_entry");
        }
        app.stop();

        say("replay: normal start; rebuilding %,d events (%,d touchpoints)".formatted(events, touchpoints));
        long launched = System.nanoTime();
        CompletableFuture<Void> starting = CompletableFuture.runAsync(() -> {
            try {
                app.start(List.of(), Duration.ofMinutes(30));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long lastEmpty = launched;
        long lastPrint = 0;
        long done;
        while (true) {
            if (starting.isCompletedExceptionally()) {
                starting.join();
            }
            long now = System.nanoTime();
            long rows = -1;
            boolean empty = true;
            if (app.databaseKnown()) {
                try {
                    // Cheap even at 10 million rows: an existence probe for the start, statistics for progress.
                    empty = queryLong("SELECT count(*) FROM (SELECT 1 FROM timeline_entry LIMIT 1) t") == 0;
                    rows = queryLong("SELECT coalesce(max(n_live_tup), 0) FROM pg_stat_user_tables"
                            + " WHERE relname = 'timeline_entry'");
                } catch (SQLException notYet) {
                    // the database is still starting
                }
            }
            if (empty) {
                lastEmpty = now;
            }
            String lag = "";
            if (starting.isDone()) {
                Prometheus p = client.prometheus();
                lag = "; lag %,.0f".formatted(p.lag(IngestMonitor.PROJECTIONS));
                if (IngestMonitor.caughtUp(p)) {
                    done = System.nanoTime();
                    break;
                }
            }
            if (now - lastPrint > 2_000_000_000L) {
                say("  … replay: ~%,d of %,d timeline rows after %.1f s%s".formatted(Math.max(rows, 0), touchpoints,
                        (now - launched) / 1e9, lag));
                lastPrint = now;
            }
            if (now - launched > Duration.ofHours(12).toNanos()) {
                throw new IllegalStateException("replay did not finish");
            }
            Thread.sleep(200);
        }
        double seconds = (done - lastEmpty) / 1e9;
        report.add("replay of both projections from the event store",
                "%s events/s (%,d events, %,d touchpoints, in %.1f s; %.1f s incl. app start)".formatted(
                        Report.number(events / seconds), events, touchpoints, seconds, (done - launched) / 1e9),
                ">= 100,000 events/s");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void writePlot() throws IOException {
        List<SvgPlot.Point> read = curve(readHistogram);
        List<SvgPlot.Point> asOf = curve(asOfHistogram);
        String svg = SvgPlot.render("journey-ledger bench, scale " + scale.name() + ": ingest and read latency",
                monitor.samples(), read, asOf);
        Path out = root.resolve("docs/performance/bench-" + scale.name() + ".svg");
        Files.createDirectories(out.getParent());
        Files.writeString(out, svg);
        say("plot: " + out);
        report.add("plot", root.relativize(out).toString());
    }

    private static List<SvgPlot.Point> curve(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return List.of();
        }
        return Stream.of(50.0, 75.0, 90.0, 95.0, 99.0, 99.5, 99.9, 100.0)
                .map(p -> new SvgPlot.Point(p, (p >= 100 ? h.getMaxValue() : h.getValueAtPercentile(p)) / 1000.0))
                .toList();
    }

    private static double meanSize(LoadGenerator load) {
        long bytes = 0;
        int n = (int) Math.min(1000, load.size());
        for (int i = 0; i < n; i++) {
            bytes += load.touchpoint(i).json().getBytes(StandardCharsets.UTF_8).length;
        }
        return (double) bytes / n;
    }

    private long storeEvents() throws SQLException {
        return queryLong("SELECT count(*) FROM domain_event_entry");
    }

    private long count(String table) throws SQLException {
        return queryLong("SELECT count(*) FROM " + table);
    }

    private long queryLong(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(app.jdbcUrl(), app.dbUser(), app.dbPassword());
    }

    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private void cleanUp(Path dataDir, ExternalDatabase external) {
        try {
            if (app != null) {
                app.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Files.exists(dataDir)) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                say("could not delete " + dataDir + ": " + e);
            }
        }
        if (external != null) {
            external.drop();
        }
    }

    static void say(String line) {
        System.out.println("[bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + line);
    }

    /** A fresh database on an external server (JOURNEY_BENCH_DB_URL), created here and dropped at the end. */
    record ExternalDatabase(String adminUrl, String url, String name, String user, String password) {

        static ExternalDatabase fromEnvironment() throws SQLException {
            Map<String, String> env = System.getenv();
            String admin = env.get("JOURNEY_BENCH_DB_URL");
            if (admin == null || admin.isBlank()) {
                return null;
            }
            String user = env.getOrDefault("JOURNEY_BENCH_DB_USER", "postgres");
            String password = env.getOrDefault("JOURNEY_BENCH_DB_PASSWORD", "");
            String name = "journey_bench_" + System.currentTimeMillis();
            try (Connection c = DriverManager.getConnection(admin, user, password);
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            int query = admin.indexOf('?');
            String base = query < 0 ? admin : admin.substring(0, query);
            String url = base.substring(0, base.lastIndexOf('/') + 1) + name + (query < 0 ? "" : admin.substring(query));
            say("external database " + url);
            return new ExternalDatabase(admin, url, name, user, password);
        }

        void drop() {
            try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                say("could not drop database " + name + ": " + e.getMessage());
            }
        }
    }
}
