package org.journeyledger.journey.commerce;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An amount in one currency. Keeping the two together in events means no reader can pair an amount with the wrong
 * currency, and amounts in different currencies are never added by accident.
 *
 * @param amount   exact decimal amount, never floating point
 * @param currency ISO 4217 code, e.g. {@code EUR}
 */
public record Money(BigDecimal amount, String currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }
}
