package org.journeyledger.journey.identity;

import org.journeyledger.journey.config.JourneyProperties;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What real identity graphs learned the hard way, from {@code journey.identity.*}: junk values ("unknown",
 * test@test.com) that would join thousands of strangers are never used to link or resolve; weak identifiers (a
 * shared device, a household landline) only propose a match; and no customer owns more identifiers of one type than
 * a person plausibly has.
 */
@Component
public class IdentityGuardrails {

    private final Set<Identifier> blockedIdentifiers = new HashSet<>();
    private final Set<String> blockedAnyType = new HashSet<>();
    private final Set<String> weakTypes;
    private final JourneyProperties.Identity settings;

    /** Public for tests of the touchpoint parser, which build it without Spring. */
    public IdentityGuardrails(JourneyProperties properties, IdentifierNormalizer normalizer) {
        this.settings = properties.identity();
        this.weakTypes = Set.copyOf(settings.weakTypes());
        for (String entry : settings.blocklist()) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("journey.identity.blocklist entry '" + entry
                        + "' must be TYPE:VALUE or *:VALUE");
            }
            String type = entry.substring(0, colon);
            String value = entry.substring(colon + 1);
            if (type.equals("*")) {
                blockedAnyType.add(loose(value));
            } else {
                blockedIdentifiers.add(raw(type, value));
                try {
                    blockedIdentifiers.add(normalizer.normalize(type, value));
                } catch (InvalidIdentifierException e) {
                    // A junk value the normaliser refuses anyway (0000000000 is no phone number); it is matched as sent.
                }
            }
        }
    }

    /**
     * The identifier as the touchpoint keeps it when the value is on the blocklist (trimmed and lower-cased, since it
     * may not normalise), or empty when it is not.
     */
    public Optional<Identifier> blocked(String type, String rawValue) {
        if (rawValue == null) {
            return Optional.empty();
        }
        Identifier asSent = raw(type, rawValue);
        return isBlocked(asSent) ? Optional.of(asSent) : Optional.empty();
    }

    public boolean isBlocked(Identifier identifier) {
        return blockedIdentifiers.contains(identifier) || blockedAnyType.contains(loose(identifier.value()));
    }

    public boolean isWeak(Identifier identifier) {
        return weakTypes.contains(identifier.type());
    }

    /** How many identifiers of this type one customer may own. */
    public int limitFor(String type) {
        return settings.maxIdentifiersByType().getOrDefault(type, settings.maxIdentifiersPerType());
    }

    private static Identifier raw(String type, String value) {
        return new Identifier(type, loose(value));
    }

    private static String loose(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }
}
