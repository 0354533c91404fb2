package org.journeyledger.journey.embedded;

import org.journeyledger.journey.support.Ports;
import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EmbeddedPostgresServerTest {
    @TempDir
    Path temp;
    Path data;

    @BeforeEach
    void searchableTempDir() throws IOException {
        // @TempDir is rwx------; when root, the server runs as another user and must be able to pass through it.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x"));
        data = temp.resolve("pgdata");
    }

    @Test
    void keepsDataAcrossRestartsWithDurableSettings() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
            sql(server, "postgres", "CREATE TABLE journey (id int PRIMARY KEY, name text)");
            sql(server, "postgres", "INSERT INTO journey VALUES (1, 'Lisbon')");
            assertThat(query(server, "postgres", "SHOW fsync")).isEqualTo("on"); // zonky passes -F; we undo it
            assertThat(query(server, "postgres", "SHOW synchronous_commit")).isEqualTo("on");
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
            assertThat(query(server, "postgres", "SELECT name FROM journey WHERE id = 1")).isEqualTo("Lisbon");
        }
    }

    @Test
    void writesItsOwnLogIntoTheDataDirectoryAndTakesTheOperatorsSettings() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0,
                Map.of("work_mem", "8MB", "log_min_duration_statement", "0"))) {
            assertThat(query(server, "postgres", "SHOW work_mem")).isEqualTo("8MB");
            assertThatThrownBy(() -> sql(server, "postgres", "SELECT * FROM no_such_table_here"))
                    .isInstanceOf(SQLException.class);

            Instant deadline = Instant.now().plusSeconds(10);
            String log = "";
            while (!log.contains("no_such_table_here") && Instant.now().isBefore(deadline)) {
                Thread.sleep(100); // the collector writes what the backend sent it a moment later
                try (Stream<Path> files = Files.list(data.resolve("log"))) {
                    log = files.map(EmbeddedPostgresServerTest::read).collect(Collectors.joining());
                }
            }
            assertThat(log).contains("relation \"no_such_table_here\" does not exist");
        }
    }

    @Test
    void refusesASettingThePgCtlShellWouldSplit() {
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(data, 0, Map.of("log_line_prefix", "%m [%p] ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log_line_prefix");
    }

    @Test
    void startsAgainOnAFixedPortAfterCloseAndCreatesDatabasesOnce() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
            server.createDatabaseIfMissing("journey");
            server.createDatabaseIfMissing("journey");
            sql(server, "journey", "CREATE TABLE t (x int)");
        }
        int port = Ports.free();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, port)) {
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.jdbcUrl("journey")).isEqualTo("jdbc:postgresql://localhost:" + port + "/journey");
            assertThat(query(server, "journey", "SELECT count(*) FROM t")).isEqualTo("0");
        }
    }

    @Test
    void refusesASecondServerOnTheSameDirectory() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(data, 0)).isInstanceOf(IllegalStateException.class);
            assertThat(query(server, "postgres", "SELECT 1")).isEqualTo("1");
        }
    }

    /** A copy taken while the server runs (not a backup, docs/operations.md) carries that server's postmaster.pid. */
    @Test
    void refusesACopyOfARunningServersDirectoryAndLeavesThatServerRunning() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
            sql(server, "postgres", "CREATE TABLE t (x int)");
            Path copy = temp.resolve("copy");
            // Files come and go under a running server, so cp may complain; only the copied postmaster.pid matters.
            new ProcessBuilder("cp", "-a", data.toString(), copy.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            assertThat(copy.resolve("postmaster.pid")).exists();

            assertThatThrownBy(() -> EmbeddedPostgresServer.start(copy, 0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was copied from " + data.toAbsolutePath().normalize());
            assertThat(query(server, "postgres", "SELECT count(*) FROM t")).isEqualTo("0");
        }
    }

    /**
     * Runs in child JVMs that cannot use user namespaces (as in a default Docker container), which forces the setpriv
     * wrappers; the first child is killed with -9, leaving its postmaster behind for the second to deal with.
     */
    @Test
    void asRootWithoutUserNamespacesRunsAsNobodyAndSurvivesKill9() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "only meaningful as root");
        Child first = child("wait", "CREATE TABLE t AS SELECT 42 AS x");
        List<String> firstOut = first.awaitReady();
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        assertThat(uidOf(postmaster)).isEqualTo("65534");
        assertThat((int) Files.getAttribute(data, "unix:uid")).isEqualTo(65534);

        first.process().destroyForcibly().waitFor();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true); // orphaned, still up

        Child second = child("exit", "SELECT x FROM t");
        List<String> secondOut = second.awaitReady();
        assertThat(second.process().waitFor()).as(String.join("\n", secondOut)).isZero();
        assertThat(secondOut).contains("RESULT 42").anyMatch(l -> l.contains("Stopping orphaned postmaster"));
        assertThat(firstOut).anyMatch(l -> l.contains("via setpriv"));
    }

    private Child child(String mode, String sql) throws IOException {
        Path noUnshare = Path.of("src/test/resources/no-unshare").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                data.toString(), "0", mode, sql);
        builder.environment().put("PATH", noUnshare + ":" + System.getenv("PATH"));
        Path log = Files.createTempFile(temp, "child", ".log");
        return new Child(builder.redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
    }

    private record Child(Process process, Path log) {
        List<String> awaitReady() throws IOException, InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(deadline)) {
                List<String> lines = Files.readAllLines(log);
                if (lines.stream().anyMatch(l -> l.startsWith("READY "))) {
                    return lines;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("child exited early:\n" + String.join("\n", lines));
                }
                Thread.sleep(100);
            }
            throw new AssertionError("child not ready:\n" + String.join("\n", Files.readAllLines(log)));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String uidOf(long pid) throws IOException {
        Optional<String> line = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst();
        return line.orElseThrow().split("\\s+")[1];
    }

    private static void sql(EmbeddedPostgresServer server, String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(db), server.user(), "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(EmbeddedPostgresServer server, String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(db), server.user(), "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
