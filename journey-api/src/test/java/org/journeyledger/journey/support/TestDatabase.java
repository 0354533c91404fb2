package org.journeyledger.journey.support;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Gives each test application context a database of its own: by default the embedded PostgreSQL of the default run
 * in a fresh temporary data directory; when {@code JOURNEY_TEST_DB_URL} names an external server (e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user from {@code JOURNEY_TEST_DB_USER}, default {@code postgres}),
 * a freshly created database on it.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // Tests take checkpoints of events they have just recorded.
        Map<String, Object> properties = new HashMap<>();
        properties.put("journey.audit.checkpoint-settle", "PT0S");
        // ...and as-of reads snapshot them, every few events, so that every as-of read of a test folds on snapshots.
        properties.put("journey.audit.as-of-snapshot-settle", "PT0S");
        properties.put("journey.audit.as-of-snapshot-every", "3");
        String external = System.getenv("JOURNEY_TEST_DB_URL");
        if (external == null || external.isBlank()) {
            properties.put("journey.data-dir", freshDataDir().toString());
            addFirst(context, properties);
            return;
        }
        String user = System.getenv().getOrDefault("JOURNEY_TEST_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("JOURNEY_TEST_DB_PASSWORD", "");
        String database = "journey_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(external, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database on " + external, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(external, user, password, database)));
        String url = external.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
        properties.put("spring.datasource.url", url);
        properties.put("spring.datasource.username", user);
        properties.put("spring.datasource.password", password);
        addFirst(context, properties);
    }

    /**
     * In a property source of its own, first: @TestPropertySource replaces the shared "inlined" source, which would
     * drop these and send a context to another context's database (or to ./data).
     */
    private static void addFirst(ConfigurableApplicationContext context, Map<String, Object> properties) {
        context.getEnvironment().getPropertySources().addFirst(
                new MapPropertySource("journey-test-database-" + UUID.randomUUID(), properties));
    }

    private static void drop(String url, String user, String password, String database) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + database + ": " + e.getMessage());
        }
    }

    /** A new, empty data directory under the build's target folder, so {@code mvn clean} removes it. */
    public static Path freshDataDir() {
        try {
            Path base = Path.of("target", "test-data").toAbsolutePath();
            Files.createDirectories(base);
            // Searchable by others: as root, the embedded PostgreSQL may run as 'nobody' and must reach its data.
            return Files.createTempDirectory(base, "ledger-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
