package org.journeyledger.journey.security;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What a credential may do; see {@code docs/security.md} for the endpoints each role reaches.
 */
public enum Role {
    /** A channel system: records touchpoints. */
    CHANNEL,
    /** An agent (through the console): finds customers, reads their context, timeline and stream, records actions. */
    AGENT,
    /** An auditor: verification, export, as-of reads, the access log, erasure and unmerge; reads like an agent. */
    AUDITOR,
    /** An administrator: everything, including credentials and the operations endpoints. */
    ADMIN,
    /** An analyst: the cross-customer analytics only, never a customer's personal data. */
    ANALYST;

    /** Lower case in JSON, like every other name of the API. */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority of the role ({@code ROLE_AGENT}). */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The role for a name in any case ({@code agent}, {@code AGENT}). */
    public static Role parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not a role; use one of channel, agent, auditor, "
                    + "admin, analyst");
        }
    }
}
