package org.journeyledger.journey.consent;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

/**
 * Data of a {@code preference} touchpoint: how the customer likes something, e.g. {@code contact_time = evenings}.
 */
public record PreferenceDetails(String key, String value) implements TouchpointDetails {

    public static PreferenceDetails read(TouchpointData data) {
        String key = data.requiredText("key", 128);
        if (key != null && !Consents.SNAKE_CASE.matcher(key).matches()) {
            data.problem("key", "must be lower-case snake case, e.g. contact_time");
        }
        return new PreferenceDetails(key, data.requiredText("value", 1000));
    }
}
