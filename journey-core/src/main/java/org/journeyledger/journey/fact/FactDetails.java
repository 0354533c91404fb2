package org.journeyledger.journey.fact;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

/**
 * Data of a {@code fact} touchpoint: something the customer told us, such as {@code order_number} or
 * {@code delivery_address}, so that no channel needs to ask again.
 */
public record FactDetails(String key, String value) implements TouchpointDetails {

    public static FactDetails read(TouchpointData data) {
        String key = data.requiredText("key", 128);
        if (key != null && !key.matches("[a-z][a-z0-9_]{0,127}")) {
            data.problem("key", "must be lower-case snake case, e.g. order_number");
        }
        return new FactDetails(key, data.requiredText("value", 5000));
    }
}
