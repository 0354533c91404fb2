package org.journeyledger.journey.consent;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

/**
 * Data of a {@code consent} touchpoint: the customer granted or withdrew consent for one purpose, e.g.
 * {@code marketing_email}, {@code sms}, {@code profiling}.
 */
public record ConsentDetails(String purpose, boolean granted) implements TouchpointDetails {

    public static ConsentDetails read(TouchpointData data) {
        String purpose = data.requiredText("purpose", 128);
        if (purpose != null && !Consents.SNAKE_CASE.matcher(purpose).matches()) {
            data.problem("purpose", "must be lower-case snake case, e.g. marketing_email");
        }
        Boolean granted = data.requiredBoolean("granted");
        return new ConsentDetails(purpose, Boolean.TRUE.equals(granted));
    }
}
