package org.journeyledger.journey.issue;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

/**
 * Data of an {@code issue_raised} touchpoint: a problem the customer reported (a complaint, a defect, a question).
 */
public record IssueRaisedDetails(String issueId, String description, String category) implements TouchpointDetails {

    public static IssueRaisedDetails read(TouchpointData data) {
        return new IssueRaisedDetails(data.requiredText("issueId", 256), data.requiredText("description", 5000),
                data.optionalText("category", 128));
    }
}
