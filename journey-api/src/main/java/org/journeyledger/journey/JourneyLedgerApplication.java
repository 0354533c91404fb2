package org.journeyledger.journey;

import com.fasterxml.jackson.databind.Module;
import org.journeyledger.journey.audit.VerifyCommand;
import org.journeyledger.journey.demo.DemoLoader;
import org.journeyledger.journey.json.InstantText;
import org.journeyledger.journey.touchpoint.kafka.ReplayDeadLettersCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * journey-ledger: the event-sourced customer journey ledger. Starts the HTTP API, the projections and, unless an
 * external database is configured, an embedded PostgreSQL (see {@code README.md}). A first argument naming a command
 * runs only that command: {@code verify} verifies the ledger's hash chains ({@link VerifyCommand}), {@code demo} loads
 * the demo data into a running ledger ({@link DemoLoader}), {@code replay-dead-letters} sends refused Kafka records back
 * to the ingest ({@link ReplayDeadLettersCommand}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class JourneyLedgerApplication {

    /** Axon's update checker reads this system property, not Spring's configuration. */
    private static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    public static void main(String[] args) {
        // A ledger does not phone home (Axon 4.12 reports usage to AxonIQ by default); operators upgrade
        // deliberately. Set -Daxoniq.update-checker.disabled=false to allow it.
        if (System.getProperty(UPDATE_CHECKER_DISABLED) == null) {
            System.setProperty(UPDATE_CHECKER_DISABLED, "true");
        }
        if (args.length > 0 && "verify".equals(args[0])) {
            System.exit(VerifyCommand.run(args, System.out));
        }
        if (args.length > 0 && "replay-dead-letters".equals(args[0])) {
            // A Kafka client with the ledger's settings, not a ledger: only the configuration is loaded.
            System.exit(ReplayDeadLettersCommand.run(args, System.out));
        }
        if (args.length > 0 && "demo".equals(args[0])) {
            // A client of a running ledger, not a ledger: no Spring context is started.
            DemoLoader.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(JourneyLedgerApplication.class, args);
    }

    /**
     * Instants in answers written by their digits, as the read models are (Spring Boot adds every Jackson module bean
     * to the web layer's mapper); reading request bodies is left to Jackson, which also says what it cannot read.
     */
    @Bean
    Module instantTextWriter() {
        return InstantText.writerModule();
    }

    /** The ledger's clock, a bean so that tests of time-driven rules can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
