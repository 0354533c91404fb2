package org.journeyledger.journey.embedded;

import com.zaxxer.hikari.HikariDataSource;
import org.journeyledger.journey.config.JourneyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default run's database: when no {@code spring.datasource.url} is configured, start an embedded PostgreSQL
 * whose data lives in {@code journey.data-dir}/postgres and survives restarts. With a URL configured nothing
 * embedded starts and Spring Boot's own DataSource is used.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatasourceUrl.class)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);
    static final String DATABASE = "journey";

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(JourneyProperties properties) {
        Path dataDirectory = properties.dataDir().toAbsolutePath().resolve("postgres");
        try {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory,
                    properties.embeddedPostgres().port(), serverSettings(properties.embeddedPostgres().settings()));
            server.createDatabaseIfMissing(DATABASE);
            log.info("Embedded PostgreSQL ready: {} (user {}, data in {})", server.jdbcUrl(DATABASE), server.user(),
                    dataDirectory);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory
                    + (properties.embeddedPostgres().settings().isEmpty() ? ""
                    : "; the server's messages above say whether it refused one of journey.embedded-postgres.settings")
                    + "; set spring.datasource.url to use an external PostgreSQL instead", e);
        }
    }

    /**
     * Settings by PostgreSQL's names ({@code settings.shared_buffers}) or in Spring's dashed style
     * ({@code settings.shared-buffers}): no PostgreSQL setting has a dash in its name.
     */
    static Map<String, String> serverSettings(Map<String, String> configured) {
        Map<String, String> settings = new LinkedHashMap<>();
        configured.forEach((name, value) -> settings.put(name.replace('-', '_'), value));
        return settings;
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgresServer server) {
        return DataSourceBuilder.create().type(HikariDataSource.class)
                .url(server.jdbcUrl(DATABASE))
                .username(server.user())
                .build();
    }

    /** Matches when the configuration names no external database. */
    static final class NoDatasourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }
}
