package org.journeyledger.journey.customer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/**
 * The ledger's own identifier of one customer, independent of any channel's identifiers.
 * <p>
 * Serialised as a bare string, and {@link #toString()} returns the value because Axon uses it as the
 * aggregate identifier in the event store.
 */
public record CustomerId(String value) {

    public CustomerId {
        Objects.requireNonNull(value, "customer id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("A customer id must not be blank");
        }
    }

    /** A fresh, random customer id for a customer the ledger has never seen. */
    public static CustomerId newId() {
        return new CustomerId(UUID.randomUUID().toString());
    }

    @JsonCreator
    public static CustomerId of(String value) {
        return new CustomerId(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
