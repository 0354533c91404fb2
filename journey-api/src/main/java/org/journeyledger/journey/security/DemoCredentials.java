package org.journeyledger.journey.security;

import org.journeyledger.journey.embedded.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The documented demo keys of the default run, and the refusal to start with them anywhere else.
 * <p>
 * In the default run (embedded PostgreSQL, nothing configured) there is one key per role, with secrets printed at
 * start and written in the README, so that the first {@code curl} works. With an external database, which is where
 * real customers live, the application refuses to start while any of those keys is active or they are asked for
 * ({@code journey.security.demo-credentials=true}). There, when no administrator key exists yet, one is issued and
 * its secret logged once, so that the first administrator can issue the other keys.
 */
@Component
class DemoCredentials implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DemoCredentials.class);

    /** Name and secret of each demo key; the secrets are public (README.md), hence only for the default run. */
    static final Map<Role, String> SECRETS = demoSecrets();

    private final ApiKeys keys;
    private final SecurityProperties properties;
    private final boolean defaultRun;
    private boolean created;

    DemoCredentials(ApiKeys keys, SecurityProperties properties, ObjectProvider<EmbeddedPostgresServer> embedded) {
        this.keys = keys;
        this.properties = properties;
        this.defaultRun = embedded.getIfAvailable() != null;
    }

    private static Map<Role, String> demoSecrets() {
        Map<Role, String> secrets = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            secrets.put(role, "demo-" + role.name().toLowerCase(java.util.Locale.ROOT) + "-key");
        }
        return secrets;
    }

    static String demoName(Role role) {
        return "demo-" + role.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Runs once the schema is migrated and before the web server accepts a request. */
    @Override
    public void afterSingletonsInstantiated() {
        boolean wanted = properties.demoCredentials() == null ? defaultRun : properties.demoCredentials();
        if (!defaultRun) {
            if (wanted) {
                throw new IllegalStateException("journey.security.demo-credentials=true is refused with an external "
                        + "database: the demo keys are public. Remove the setting and issue real keys "
                        + "(POST /api/admin/api-keys, see docs/security.md).");
            }
            refuseActiveDemoKeys();
            bootstrapAdministrator();
            return;
        }
        if (wanted) {
            SECRETS.forEach((role, secret) -> keys.register(demoName(role), Set.of(role), secret, null, null));
            created = true;
        }
    }

    private void refuseActiveDemoKeys() {
        for (String secret : SECRETS.values()) {
            if (!keys.isActive(secret)) {
                continue;
            }
            if (properties.revokeDemoCredentials()) {
                keys.revokeSecret(secret);
                log.warn("Revoked the demo API key '{}' found in the database", secret);
            } else {
                throw new IllegalStateException("The database holds the public demo API key '" + secret + "', which "
                        + "is only for the default run. Start once with --journey.security.revoke-demo-credentials=true "
                        + "to revoke every demo key, or revoke it with DELETE /api/admin/api-keys/{id} in a run "
                        + "that still accepts it.");
            }
        }
    }

    private void bootstrapAdministrator() {
        if (keys.anyActiveWithRole(Role.ADMIN)) {
            return;
        }
        ApiKeys.IssuedKey admin = keys.issue("bootstrap-admin-" + System.currentTimeMillis(), EnumSet.of(Role.ADMIN),
                null, null);
        log.warn("No administrator API key existed, so one was issued. Its secret is shown this once; store it, then "
                + "issue the keys you need with it (POST /api/admin/api-keys):\n\n    X-API-Key: {}\n", admin.secret());
    }

    @EventListener(ApplicationReadyEvent.class)
    void print() {
        if (!created) {
            return;
        }
        StringBuilder table = new StringBuilder("Demo API keys of the default run (public, see README.md; refused "
                + "with an external database). Send one as the X-API-Key header:\n");
        SECRETS.forEach((role, secret) -> table.append(String.format("    %-8s X-API-Key: %s%n",
                role.name().toLowerCase(java.util.Locale.ROOT), secret)));
        log.warn(table.toString());
    }
}
