package org.journeyledger.journey;

import com.fasterxml.jackson.databind.Module;
import org.journeyledger.journey.audit.VerifyCommand;
import org.journeyledger.journey.demo.DemoLoader;
import org.journeyledger.journey.json.InstantText;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * journey-ledger: the event-sourced customer journey ledger. Starts the HTTP API, the projections and, unless an
 * external database is configured, an embedded PostgreSQL (see {@code README.md}). With {@code verify} as first
 * argument it only verifies the ledger's hash chains (see {@link VerifyCommand}).
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
