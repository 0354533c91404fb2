package org.journeyledger.journey.issue;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

/**
 * Data of an {@code issue_resolved} touchpoint; {@code release} names the release that fixed a reported defect.
 */
public record IssueResolvedDetails(String issueId, String resolution, String release) implements TouchpointDetails {

    public static IssueResolvedDetails read(TouchpointData data) {
        return new IssueResolvedDetails(data.requiredText("issueId", 256), data.requiredText("resolution", 5000),
                data.optionalText("release", 128));
    }
}
