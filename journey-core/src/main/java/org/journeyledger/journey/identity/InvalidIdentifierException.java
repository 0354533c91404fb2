package org.journeyledger.journey.identity;

/**
 * An identifier value that cannot be normalised (an email without {@code @}, a phone number that is not one) or whose
 * type the ledger does not know. The message says what is wrong in words fit for the channel's developer.
 */
public class InvalidIdentifierException extends IllegalArgumentException {

    private final boolean unknownType;

    InvalidIdentifierException(String message, boolean unknownType) {
        super(message);
        this.unknownType = unknownType;
    }

    /** True when the type itself is unknown, false when the value is malformed. */
    public boolean isUnknownType() {
        return unknownType;
    }
}
