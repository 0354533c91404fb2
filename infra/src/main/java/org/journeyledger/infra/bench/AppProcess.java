package org.journeyledger.infra.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application under test, as a child JVM running the built jar exactly as an operator would. The ports are
 * chosen free once and kept across restarts (the Kafka log and the database live on in the data directory). Its output
 * goes to a log file outside the data directory so that it survives the clean-up. Public for the crash run
 * ({@code org.journeyledger.infra.crash}), which kills and restarts it.
 */
public final class AppProcess implements AutoCloseable {

    private static final Pattern JDBC_URL = Pattern.compile("Embedded PostgreSQL ready: (jdbc:postgresql://\\S+)");
    private static final String STARTED = "Started JourneyLedgerApplication";

    final int httpPort = freePort();
    final int kafkaPort = freePort();
    final int controllerPort = freePort();
    private final Path jar;
    private final Path dataDir;
    private final Path logFile;
    private final String externalDbUrl;
    private final String dbUser;
    private final String dbPassword;
    private Process process;
    private volatile String jdbcUrl;
    private volatile boolean started;
    private final Deque<String> tail = new ArrayDeque<>();

    public AppProcess(Path jar, Path dataDir, Path logFile, String externalDbUrl, String dbUser, String dbPassword) {
        this.jar = jar;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.externalDbUrl = externalDbUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    /** The database the application uses: the external one, or the embedded one as its log line named it. */
    public String jdbcUrl() {
        return externalDbUrl != null ? externalDbUrl : jdbcUrl;
    }

    public String dbUser() {
        return externalDbUrl != null ? dbUser : "postgres";
    }

    public String dbPassword() {
        return externalDbUrl != null ? dbPassword : "";
    }

    public long pid() {
        return process.pid();
    }

    /** Starts the jar with extra {@code --name=value} arguments and waits until Spring says it has started. */
    public void start(List<String> extraArgs, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // e.g. -Dbench.jvmArgs="-Xmx512m -XX:StartFlightRecording=filename=/tmp/jfr/,dumponexit=true" to size or
        // profile the app; a directory, because the replay restarts the app and a file name would be overwritten.
        for (String option : System.getProperty("bench.jvmArgs", "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.addAll(List.of(
                "-jar", jar.toString(),
                "--journey.data-dir=" + dataDir,
                "--server.port=" + httpPort,
                "--journey.embedded-kafka.port=" + kafkaPort,
                "--journey.embedded-kafka.controller-port=" + controllerPort,
                // The bench measures the ledger, not its per-credential write limit.
                "--journey.security.rate-limit.requests-per-second=1000000",
                "--journey.security.rate-limit.burst=1000000"));
        if (externalDbUrl != null) {
            command.add("--spring.datasource.url=" + externalDbUrl);
            command.add("--spring.datasource.username=" + dbUser);
            command.add("--spring.datasource.password=" + dbPassword);
        }
        command.addAll(extraArgs);
        started = false;
        jdbcUrl = null;
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true);
        log.println("==== " + String.join(" ", command));
        Process current = process;
        CompletableFuture.runAsync(() -> pump(current, log));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!started) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application exited with " + process.exitValue()
                        + " during start; last lines:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the application did not start within " + timeout + "; last lines:\n"
                        + tail());
            }
            Thread.sleep(100);
        }
    }

    /** Called as soon as the embedded database is up, long before the application has started. */
    public boolean databaseKnown() {
        return jdbcUrl() != null;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    private void pump(Process p, PrintWriter log) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.println(line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 40) {
                        tail.removeFirst();
                    }
                }
                Matcher m = JDBC_URL.matcher(line);
                if (m.find()) {
                    jdbcUrl = m.group(1);
                }
                if (line.contains(STARTED)) {
                    started = true;
                }
            }
        } catch (IOException ignored) {
            // the process ended
        } finally {
            log.close();
        }
    }

    private String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /** Triggers a full GC in the application (it is our child, so jcmd may attach to it). */
    void gc() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()), "GC.run").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd GC.run failed: " + out);
        }
    }

    /**
     * SIGTERM, so that Spring stops the processors, the broker and the embedded PostgreSQL in order; a kill -9 would
     * leave an orphaned postmaster behind.
     */
    public void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * SIGKILL, as a crash or the OOM killer would: nothing in the JVM runs any more, not even shutdown hooks, and
     * the embedded PostgreSQL is left orphaned for the next start to stop (see docs/operations.md).
     */
    public void kill() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /**
     * A port free now, below the kernel's ephemeral range: one the kernel picked for a listener ({@code new
     * ServerSocket(0)}) may be handed to an outgoing connection while the application is stopped, and its restart
     * (the replay phase, the crash run) then fails with "Address already in use" — seen in a bench run.
     */
    public static int freePort() {
        int below = 32_768;
        try {
            below = Math.max(11_000, Integer.parseInt(Files.readString(
                    Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]));
        } catch (IOException | RuntimeException notLinux) {
            // keep Linux's default
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            try (ServerSocket socket = new ServerSocket(ThreadLocalRandom.current().nextInt(10_000, below))) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 10000 and " + below);
    }
}
