package org.journeyledger.journey.support;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;
import java.util.UUID;

/**
 * Security settings of the test contexts: a shared HMAC secret so that tests can mint bearer tokens, and a write
 * rate limit high enough that only the rate-limit test (with a key of its own limit) ever meets it.
 */
public class TestSecurity implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** Signs the tests' bearer tokens (HS256). */
    public static final String JWT_SECRET = "journey-ledger-test-secret-of-at-least-32-bytes";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // In a property source of its own, for the reason given in TestDatabase.addFirst.
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(
                "journey-test-security-" + UUID.randomUUID(), Map.of(
                        "journey.security.jwt.hmac-secret", JWT_SECRET,
                        "journey.security.rate-limit.requests-per-second", "1000000",
                        "journey.security.rate-limit.burst", "1000000")));
    }
}
