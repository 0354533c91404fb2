package org.journeyledger.journey.identity;

import java.util.Objects;

/**
 * A normalised identifier of a customer as one channel knows them, such as {@code email:ana@example.com}.
 * <p>
 * Only {@link IdentifierNormalizer} should create these from raw input, so that two spellings of the same email or
 * phone number compare equal.
 */
public record Identifier(String type, String value) {

    public Identifier {
        Objects.requireNonNull(type, "identifier type");
        Objects.requireNonNull(value, "identifier value");
    }

    /** The {@code type:value} form used in URLs and logs. */
    public String asText() {
        return type + ":" + value;
    }
}
