package org.journeyledger.journey.issue;

import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.Origin;
import org.journeyledger.journey.touchpoint.TouchpointRefusedException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The issue rules of one customer: an issue id is raised once and resolved once.
 */
public final class Issues {

    /** Issue id to whether it is still open. */
    private final Map<String, Boolean> open = new HashMap<>();

    public IssueRaisedEvent decide(CustomerId customerId, IssueRaisedDetails details, Origin origin) {
        if (open.containsKey(details.issueId())) {
            throw new TouchpointRefusedException("data.issueId", "Issue '" + details.issueId()
                    + "' was already raised for this customer; give a new issue a new id");
        }
        return new IssueRaisedEvent(customerId, details.issueId(), details.description(), details.category(), origin);
    }

    public IssueResolvedEvent decide(CustomerId customerId, IssueResolvedDetails details, Origin origin) {
        Boolean isOpen = open.get(details.issueId());
        if (isOpen == null) {
            throw new TouchpointRefusedException("data.issueId", "Issue '" + details.issueId()
                    + "' was never raised for this customer; raise it first (issue_raised)");
        }
        if (!isOpen) {
            throw new TouchpointRefusedException("data.issueId", "Issue '" + details.issueId() + "' is already resolved");
        }
        return new IssueResolvedEvent(customerId, details.issueId(), details.resolution(), details.release(), origin);
    }

    /** The ids of the issues not resolved yet. */
    public List<String> openIssueIds() {
        return open.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted().toList();
    }

    public void on(IssueRaisedEvent event) {
        open.put(event.issueId(), true);
    }

    public void on(IssueResolvedEvent event) {
        open.put(event.issueId(), false);
    }
}
