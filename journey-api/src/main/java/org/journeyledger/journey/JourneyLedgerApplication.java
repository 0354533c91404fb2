package org.journeyledger.journey;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * journey-ledger: the event-sourced customer journey ledger. Starts the HTTP API, the projections and, unless an
 * external database is configured, an embedded PostgreSQL (see {@code README.md}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class JourneyLedgerApplication {

    public static void main(String[] args) {
        SpringApplication.run(JourneyLedgerApplication.class, args);
    }

    /** The ledger's clock, a bean so that tests of time-driven rules can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
