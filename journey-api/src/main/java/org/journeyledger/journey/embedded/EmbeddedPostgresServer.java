package org.journeyledger.journey.embedded;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * A PostgreSQL server whose data outlives the JVM, so the application can run without an external database.
 *
 * <p>Why this wraps zonky's {@link EmbeddedPostgres} instead of using it directly: initdb, pg_ctl and postgres refuse
 * to run as root, and our machines and CI run everything as root. zonky copes by prefixing its commands with
 * {@code unshare -U} when the kernel lets root create a user namespace (postgres then sees itself as "nobody"), but
 * container runtimes commonly forbid that. For that case we feed zonky a repackaged copy of its own binary archive in
 * which {@code bin/initdb} and {@code bin/pg_ctl} - the only programs zonky executes; pg_ctl starts postgres itself -
 * are shell wrappers that drop to uid/gid 65534 with {@code setpriv} when they find themselves root. PostgreSQL
 * insists on owning its data directory, so we chown it to whichever user the server will really run as.
 *
 * <p>zonky assumes throw-away test databases, so a few of its habits are undone here: it starts postgres with
 * {@code -F} (fsync off) and {@code synchronous_commit=off}, and it ignores an orphaned postmaster left behind when a
 * previous JVM was killed (it would wait for its port or, worse, talk to the orphan on a fixed port).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final int UNPRIVILEGED_ID = 65534; // nobody/nogroup; setpriv needs no passwd entry for it
    private static final Set<String> WRAPPED = Set.of("initdb", "pg_ctl");
    private static final String WRAPPER = """
            #!/bin/sh
            # Written by EmbeddedPostgresServer: PostgreSQL refuses to run as root, so drop privileges first.
            if [ "$(id -u)" = 0 ]; then
              chmod -R go+rX,go-w "$(dirname "$0")/.."  # zonky extracts with the JVM's umask, which may be 077
              exec setpriv --reuid=%1$d --regid=%1$d --clear-groups -- "$0.real" "$@"
            fi
            exec "$0.real" "$@"
            """.formatted(UNPRIVILEGED_ID);
    /** One instance: zonky caches extracted binaries per resolver and would otherwise re-read the archive. */
    private static final PgBinaryResolver PRIVILEGE_DROPPING = EmbeddedPostgresServer::privilegeDroppingArchive;
    /** Guards against two servers on one directory in this JVM; across JVMs zonky's lock on "epg-lock" does. */
    private static final Set<Path> DIRECTORIES_IN_USE = ConcurrentHashMap.newKeySet();

    /** Who the server processes really are; zonky uses unshare whenever its probe works, we cannot opt out. */
    private enum RunAs {
        CURRENT_USER("the JVM's user"),
        USER_NAMESPACE("root mapped to 'nobody' in a private user namespace (zonky's unshare -U)"),
        SETPRIV("uid/gid " + UNPRIVILEGED_ID + " via setpriv (the JVM is root, user namespaces are unavailable)");

        final String description;

        RunAs(String description) {
            this.description = description;
        }
    }

    /**
     * The server's own log, into {@code <data>/log}, one file per weekday overwritten a week later: zonky reads the
     * server's output only while it starts, so without a collector everything the server says later is lost.
     */
    private static final Map<String, String> SERVER_LOG = Map.of(
            "logging_collector", "on", "log_directory", "log", "log_filename", "postgresql-%a.log",
            "log_truncate_on_rotation", "on", "log_rotation_age", "1d");
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_.:%/+-]+");

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Starts (initialising if new) a PostgreSQL whose data lives in dataDirectory; port 0 = pick a free one. */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) throws IOException {
        return start(dataDirectory, port, Map.of());
    }

    /** As {@link #start(Path, int)} with extra server settings; pg_ctl hands them to a shell, so no spaces. */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, Map<String, String> serverConfig)
            throws IOException {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        if (!DIRECTORIES_IN_USE.add(dir)) {
            throw new IllegalStateException("An EmbeddedPostgresServer is already running on " + dir);
        }
        try {
            long started = System.nanoTime();
            RunAs runAs = new UnixSystem().getUid() != 0 ? RunAs.CURRENT_USER
                    : LinuxUtils.isUnshareAvailable() ? RunAs.USER_NAMESPACE : RunAs.SETPRIV;
            Files.createDirectories(dir);
            stopOrphanedPostmaster(dir);
            if (runAs == RunAs.SETPRIV) {
                requireSearchableByServer(dir.getParent());
                requireSearchableByServer(Files.createDirectories(zonkyWorkingDirectory()));
            }
            if (runAs != RunAs.CURRENT_USER) { // inside a user namespace postgres is still root to the file system
                chownRecursively(dir, runAs == RunAs.SETPRIV ? UNPRIVILEGED_ID : 0);
            }
            LOG.info("Starting PostgreSQL with data in {} as {}", dir, runAs.description);
            Map<String, String> config = new LinkedHashMap<>(Map.of(
                    "fsync", "on", "synchronous_commit", "on", "max_connections", "100"));
            config.putAll(SERVER_LOG);
            serverConfig.forEach((name, value) -> config.put(name, requireShellSafe(name, value)));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.toFile())
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(30)) // crash recovery after a kill can take a while
                    // Our owner closes us (Spring at context close, after the processors released their tokens);
                    // zonky's own JVM hook would stop the server while they still need it.
                    .setRegisterShutdownHook(false);
            config.forEach(builder::setServerConfig);
            if (runAs == RunAs.SETPRIV) {
                builder.setPgBinaryResolver(PRIVILEGE_DROPPING);
            }
            EmbeddedPostgres postgres = builder.start();
            LOG.info("PostgreSQL ready on port {} after {} ms (data: {})", postgres.getPort(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dir);
            return new EmbeddedPostgresServer(postgres, dir);
        } catch (IOException | RuntimeException e) {
            DIRECTORIES_IN_USE.remove(dir);
            throw e;
        }
    }

    /** pg_ctl passes the settings through a shell: refuse what it would split or interpret. */
    private static String requireShellSafe(String name, String value) {
        if (!SHELL_SAFE.matcher(name).matches() || !SHELL_SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("Embedded PostgreSQL setting " + name + "=" + value + " may only hold "
                    + "letters, digits and _ . : % / + - (no spaces or quotes); set it on an external server instead");
        }
        return value;
    }

    /** Over TCP on the loopback only; initdb set up trust authentication there, so no password is needed. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** The superuser initdb created; it is "postgres" whichever OS user the server runs as. */
    public String user() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    /** Safe to call on every start and from racing callers: an existing database is left untouched. */
    public void createDatabaseIfMissing(String name) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                    }
                }
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // duplicate_database: someone else won the race, which is fine
                throw new IllegalStateException("Could not create database " + name, e);
            }
        }
    }

    /** Stops the server with a fast shutdown: clients are disconnected and everything is checkpointed. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DIRECTORIES_IN_USE.remove(dataDirectory);
        }
    }

    /**
     * A postmaster outlives a JVM killed with -9 and keeps the data directory; zonky would neither notice nor stop
     * it. If zonky's directory lock is free, whoever started that postmaster is gone, so we ask it to shut down.
     * postgres discards a postmaster.pid naming a dead process by itself, but takes an unreaped zombie for alive.
     * A postmaster.pid naming a live postmaster of another directory came with a copy of that directory taken while
     * its server ran: that server is someone's running ledger, not an orphan, and the copy is no consistent backup.
     */
    private static void stopOrphanedPostmaster(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir.resolve("epg-lock"), CREATE, WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException(dir + " is in use by another process's PostgreSQL");
            }
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            ProcessHandle holder = ProcessHandle.of(pid).orElse(null);
            Path runsOn = lines.size() > 1 ? Path.of(lines.get(1).trim()) : dir;
            if (holder != null && holder.isAlive() && !sameDirectory(runsOn, dir)) {
                throw new IllegalStateException(dir + " was copied from " + runsOn + " while its PostgreSQL (process "
                        + pid + ") ran: such a copy is not a consistent backup, and starting on it would stop that "
                        + "server. Copy the data directory while the ledger is stopped (docs/operations.md#backup-and-"
                        + "restore)");
            }
            if (holder == null) {
                LOG.info("Found stale {} of process {}, which is gone; postgres will discard it", pidFile, pid);
            } else if (holder.info().command().map(c -> c.endsWith("/postgres")).orElse(false)) {
                LOG.warn("Stopping orphaned postmaster {} left running on {} by a previous process", pid, dir);
                holder.destroy(); // SIGTERM, a smart shutdown: the dead JVM's connections are already closed
                if (!exited(holder, 30)) {
                    LOG.warn("Postmaster {} ignored SIGTERM; killing it, the next start runs crash recovery", pid);
                    holder.destroyForcibly();
                    exited(holder, 30);
                }
            } else if (!exited(holder, 10)) {
                LOG.warn("Process {} named in stale {} is still there; postgres may refuse to start", pid, pidFile);
            }
        }
    }

    private static boolean sameDirectory(Path runsOn, Path dir) throws IOException {
        return Files.exists(runsOn) && Files.isSameFile(runsOn, dir);
    }

    private static boolean exited(ProcessHandle process, int seconds) throws IOException {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for process " + process.pid() + " to exit");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails early and clearly, rather than with a "Permission denied" deep inside initdb's output. */
    private static void requireSearchableByServer(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)
                    && (int) Files.getAttribute(p, "unix:uid") != UNPRIVILEGED_ID) {
                throw new IOException("PostgreSQL will run as uid " + UNPRIVILEGED_ID + " and cannot get past " + p
                        + ", which is not searchable by others; chmod o+x it or choose another location");
            }
        }
    }

    private static void chownRecursively(Path dir, int id) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                for (String attribute : new String[] {"unix:uid", "unix:gid"}) {
                    if ((int) Files.getAttribute(p, attribute, NOFOLLOW_LINKS) != id) {
                        Files.setAttribute(p, attribute, id, NOFOLLOW_LINKS);
                    }
                }
            }
        }
    }

    private static Path zonkyWorkingDirectory() {
        String fallback = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString();
        return Path.of(System.getProperty("ot.epg.working-dir", fallback)).toAbsolutePath();
    }

    /**
     * zonky's own archive with initdb and pg_ctl replaced by {@link #WRAPPER}s, built once and cached under a name
     * derived from the original archive and the wrapper, so a restart costs a file read instead of a repackaging.
     */
    private static InputStream privilegeDroppingArchive(String system, String machineHardware) throws IOException {
        byte[] original;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware)) {
            original = in.readAllBytes();
        }
        Path cached = zonkyWorkingDirectory().resolve("setpriv-" + cacheKey(original) + ".txz");
        if (!Files.isRegularFile(cached)) {
            Files.createDirectories(cached.getParent());
            Path partial = Files.createTempFile(cached.getParent(), "setpriv-", ".partial");
            try {
                repackage(original, partial);
                Files.move(partial, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            LOG.info("Wrote PostgreSQL binaries that drop root privileges to {}", cached);
        }
        return Files.newInputStream(cached);
    }

    private static void repackage(byte[] original, Path target) throws IOException {
        // Stored, not compressed: 60 MB instead of 17, but written in 0.2 s instead of 4-6 s and unpacked 4x faster.
        LZMA2Options stored = new LZMA2Options();
        stored.setMode(LZMA2Options.MODE_UNCOMPRESSED);
        byte[] script = WRAPPER.getBytes(StandardCharsets.UTF_8);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(original)));
             TarArchiveOutputStream out = new TarArchiveOutputStream(
                     new XZOutputStream(new BufferedOutputStream(Files.newOutputStream(target)), stored))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
                String name = entry.getName();
                boolean wrap = entry.isFile() && name.matches("(\\./)?bin/[^/]+")
                        && WRAPPED.contains(name.substring(name.lastIndexOf('/') + 1));
                if (wrap) {
                    entry.setName(name + ".real");
                }
                out.putArchiveEntry(entry);
                in.transferTo(out);
                out.closeArchiveEntry();
                if (wrap) {
                    TarArchiveEntry wrapper = new TarArchiveEntry(name);
                    wrapper.setMode(0755);
                    wrapper.setSize(script.length);
                    wrapper.setModTime(entry.getModTime()); // keeps the output, and so zonky's cache key, stable
                    out.putArchiveEntry(wrapper);
                    out.write(script);
                    out.closeArchiveEntry();
                }
            }
        }
    }

    private static String cacheKey(byte[] archive) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(archive);
            digest.update(WRAPPER.getBytes(StandardCharsets.UTF_8)); // a changed wrapper must not reuse an old cache
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
