package org.journeyledger.journey.support;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * Typed touchpoints of one customer, known by one identifier, as channels would send them in a field story.
 */
public record Scenario(String identifierType, String identifierValue) {

    public ObjectNode interaction(String channel, String conversationId, Instant at, String kind, String summary) {
        ObjectNode touchpoint = base(channel, "interaction", conversationId, at);
        touchpoint.putObject("data").put("kind", kind).put("direction", "inbound").put("summary", summary);
        return touchpoint;
    }

    public ObjectNode fact(String channel, String conversationId, Instant at, String key, String value) {
        ObjectNode touchpoint = base(channel, "fact", conversationId, at);
        touchpoint.putObject("data").put("key", key).put("value", value);
        return touchpoint;
    }

    public ObjectNode issueRaised(String channel, String conversationId, Instant at, String issueId, String text) {
        ObjectNode touchpoint = base(channel, "issue_raised", conversationId, at);
        touchpoint.putObject("data").put("issueId", issueId).put("description", text);
        return touchpoint;
    }

    public ObjectNode issueResolved(String channel, Instant at, String issueId, String release) {
        ObjectNode touchpoint = base(channel, "issue_resolved", null, at);
        touchpoint.putObject("data").put("issueId", issueId).put("resolution", "fixed").put("release", release);
        return touchpoint;
    }

    public ObjectNode promise(String channel, String conversationId, Instant at, String promiseId, Instant dueAt) {
        ObjectNode touchpoint = base(channel, "promise", conversationId, at);
        touchpoint.putObject("data").put("promiseId", promiseId).put("description", "We will call you back")
                .put("dueAt", dueAt.toString());
        return touchpoint;
    }

    public ObjectNode promiseKept(String channel, Instant at, String promiseId) {
        ObjectNode touchpoint = base(channel, "promise_kept", null, at);
        touchpoint.putObject("data").put("promiseId", promiseId);
        return touchpoint;
    }

    private ObjectNode base(String channel, String type, String conversationId, Instant at) {
        ObjectNode touchpoint = with(touchpoint(channel, type, at), identifierType, identifierValue);
        if (conversationId != null) {
            touchpoint.put("conversationId", conversationId);
        }
        touchpoint.put("actor", channel + "-agent-" + Touchpoints.shortId().substring(0, 3));
        return touchpoint;
    }
}
