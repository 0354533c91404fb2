package org.journeyledger.journey.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -jar journey-api.jar verify --url=jdbc:postgresql://host/db [--user=…] [--password=…]
 * [--checkpoint-index=N --checkpoint-digest=HEX]}: verifies every hash chain of a ledger database directly, without starting the application
 * (no web server, no projections touching the database). Prints the result as JSON; exits 0 when intact, 1 when not,
 * 2 on a usage or connection error.
 */
public final class VerifyCommand {

    private VerifyCommand() {
    }

    public static int run(String[] args, PrintStream out) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        String url = options.getOrDefault("url", System.getenv("SPRING_DATASOURCE_URL"));
        if (url == null) {
            out.println("usage: java -jar journey-api.jar verify --url=jdbc:postgresql://HOST:PORT/DB"
                    + " [--user=USER] [--password=PASSWORD] [--checkpoint-index=N --checkpoint-digest=HEX]");
            return 2;
        }
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url,
                options.getOrDefault("user", System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", "postgres")),
                options.getOrDefault("password", System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", "")));
        try {
            LedgerVerifications.Status status = new LedgerVerifications(
                    new ChainVerifier(new JdbcTemplate(dataSource)), Clock.systemUTC())
                    .runNow(options.containsKey("checkpoint-digest") ? new Checkpoint(
                            Long.parseLong(options.getOrDefault("checkpoint-index", "9223372036854775807")),
                            options.get("checkpoint-digest"), 0, null) : null);
            ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT).build();
            out.println(json.writeValueAsString(status));
            if ("failed".equals(status.state())) {
                return 2;
            }
            return status.intact() ? 0 : 1;
        } catch (Exception e) {
            out.println("verification failed: " + e.getMessage());
            return 2;
        }
    }
}
