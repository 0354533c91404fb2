package org.journeyledger.journey.embedded;

import org.journeyledger.journey.config.JourneyProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.io.ByteArrayResource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An operator's server settings reach the embedded PostgreSQL under PostgreSQL's own names, however written. */
class EmbeddedDatabaseSettingsTest {

    @Test
    void onTheCommandLine() {
        assertThat(settings(new SimpleCommandLinePropertySource(
                "--journey.embedded-postgres.settings.shared-buffers=512MB",
                "--journey.embedded-postgres.settings[log_min_duration_statement]=50ms",
                "--journey.embedded-postgres.settings.work_mem=8MB")))
                .containsOnly(Map.entry("shared_buffers", "512MB"), Map.entry("log_min_duration_statement", "50ms"),
                        Map.entry("work_mem", "8MB"));
    }

    @Test
    void inYaml() throws Exception {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application.yml", new ByteArrayResource("""
                journey:
                  embedded-postgres:
                    settings:
                      shared-buffers: 512MB
                      "[log_min_duration_statement]": 50ms
                      work_mem: 8MB
                """.getBytes(StandardCharsets.UTF_8)));
        assertThat(settings(yaml.get(0)))
                .containsOnly(Map.entry("shared_buffers", "512MB"), Map.entry("log_min_duration_statement", "50ms"),
                        Map.entry("work_mem", "8MB"));
    }

    private static Map<String, String> settings(PropertySource<?> source) {
        Map<String, String> configured = new Binder(ConfigurationPropertySources.from(source))
                .bind("journey", JourneyProperties.class).get().embeddedPostgres().settings();
        return EmbeddedDatabaseConfiguration.serverSettings(configured);
    }
}
