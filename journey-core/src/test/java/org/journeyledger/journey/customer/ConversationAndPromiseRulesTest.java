package org.journeyledger.journey.customer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.journeyledger.journey.conversation.ConversationClosedEvent;
import org.journeyledger.journey.conversation.ConversationHandedOverEvent;
import org.journeyledger.journey.conversation.ConversationReopenedEvent;
import org.journeyledger.journey.conversation.ConversationStartedEvent;
import org.journeyledger.journey.fact.FactToldEvent;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierLinkedEvent;
import org.journeyledger.journey.issue.IssueRaisedEvent;
import org.journeyledger.journey.issue.IssueResolvedEvent;
import org.journeyledger.journey.promise.PromiseBrokenEvent;
import org.journeyledger.journey.promise.PromiseCancelledEvent;
import org.journeyledger.journey.promise.PromiseKeptEvent;
import org.journeyledger.journey.promise.PromiseMadeEvent;
import org.journeyledger.journey.promise.Promises;
import org.journeyledger.journey.touchpoint.Origin;
import org.journeyledger.journey.touchpoint.RecordTouchpointCommand;
import org.journeyledger.journey.touchpoint.Touchpoint;
import org.journeyledger.journey.touchpoint.TouchpointRefusedException;
import org.journeyledger.journey.touchpoint.TouchpointTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import static org.journeyledger.journey.customer.JourneyFixture.origin;
import static org.journeyledger.journey.customer.JourneyFixture.recorded;

class ConversationAndPromiseRulesTest {

    private static final CustomerId CUSTOMER = CustomerId.of("c-5e1");
    private static final Identifier APP_USER = new Identifier("account_id", "u-8812");
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    private AggregateTestFixture<CustomerJourney> fixture;

    @BeforeEach
    void setUp() {
        fixture = JourneyFixture.create();
    }

    @Test
    void aMessageWithANewConversationIdStartsTheConversation() {
        RecordTouchpointCommand message = command("e1", touchpoint("app", "interaction", "conv-1", T0,
                data().put("kind", "message").put("direction", "inbound").put("summary", "Where is my parcel?")));

        fixture.given(known())
               .when(message)
               .expectEvents(recorded(message), new ConversationStartedEvent(CUSTOMER, "conv-1", origin(message)));
    }

    @Test
    void theSameConversationInAnotherChannelIsAHandover() {
        RecordTouchpointCommand inStore = command("e2", touchpoint("store", "interaction", "conv-1", T0.plusSeconds(3600),
                data().put("kind", "visit").put("direction", "inbound").put("summary", "Came to the store about it")));

        fixture.given(known(new ConversationStartedEvent(CUSTOMER, "conv-1", originIn("app"))))
               .when(inStore)
               .expectEvents(recorded(inStore),
                       new ConversationHandedOverEvent(CUSTOMER, "conv-1", "app", origin(inStore)));
    }

    @Test
    void closingAnUnknownConversationIsRefused() {
        fixture.given(known())
               .when(command("e3", touchpoint("web", "conversation_closed", "conv-404", T0, data())))
               .expectException(TouchpointRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void aMessageInAClosedConversationReopensIt() {
        RecordTouchpointCommand again = command("e4", touchpoint("web", "interaction", "conv-1", T0.plusSeconds(7200),
                data().put("kind", "form").put("direction", "inbound").put("summary", "Still not here")));

        fixture.given(known(new ConversationStartedEvent(CUSTOMER, "conv-1", originIn("web")),
                      new ConversationClosedEvent(CUSTOMER, "conv-1", "answered", originIn("web"))))
               .when(again)
               .expectEvents(recorded(again), new ConversationReopenedEvent(CUSTOMER, "conv-1", origin(again)));
    }

    @Test
    void aFactToldIsRecordedWithWhereAndWhen() {
        RecordTouchpointCommand told = command("e5", touchpoint("chat", "fact", "conv-2", T0,
                data().put("key", "order_number").put("value", "SO-55120")));

        fixture.given(known(new ConversationStartedEvent(CUSTOMER, "conv-2", originIn("chat"))))
               .when(told)
               .expectEvents(recorded(told),
                       new FactToldEvent(CUSTOMER, "order_number", "SO-55120", origin(told)));
    }

    @Test
    void anIssueIsRaisedOnceAndResolvedOnce() {
        RecordTouchpointCommand raise = command("e6", touchpoint("call_centre", "issue_raised", null, T0,
                data().put("issueId", "iss-1").put("description", "App crashes on checkout")));
        RecordTouchpointCommand resolve = command("e7", touchpoint("call_centre", "issue_resolved", null, T0,
                data().put("issueId", "iss-1").put("resolution", "Fixed").put("release", "5.2.1")));

        fixture.given(known()).when(raise).expectEvents(recorded(raise),
                new IssueRaisedEvent(CUSTOMER, "iss-1", "App crashes on checkout", null, origin(raise)));
        fixture.given(known(new IssueRaisedEvent(CUSTOMER, "iss-1", "App crashes", null, originIn("app"))))
               .when(resolve)
               .expectEvents(recorded(resolve),
                       new IssueResolvedEvent(CUSTOMER, "iss-1", "Fixed", "5.2.1", origin(resolve)));
        fixture.given(known(new IssueRaisedEvent(CUSTOMER, "iss-1", "App crashes", null, originIn("app")),
                      new IssueResolvedEvent(CUSTOMER, "iss-1", "Fixed", null, originIn("app"))))
               .when(resolve)
               .expectException(TouchpointRefusedException.class);
    }

    @Test
    void aPromiseSchedulesItsDueTime() {
        Instant due = T0.plus(Duration.ofDays(4));
        RecordTouchpointCommand promise = command("e8", touchpoint("store", "promise", null, T0,
                data().put("promiseId", "p-1").put("description", "We will call you by Friday")
                      .put("dueAt", due.toString())));

        fixture.given(known())
               .when(promise)
               .expectEvents(recorded(promise),
                       new PromiseMadeEvent(CUSTOMER, "p-1", "We will call you by Friday", due, origin(promise)))
               .expectScheduledDeadlineWithName(due, Promises.DUE_DEADLINE);
    }

    @Test
    void theDeadlineOfAnOpenPromiseBreaksItExactlyOnce() {
        Instant due = fixture.currentTime().plus(Duration.ofHours(2));
        RecordTouchpointCommand promise = command("e10", touchpoint("store", "promise", null,
                fixture.currentTime(), data().put("promiseId", "p-3").put("description", "Call back")
                        .put("dueAt", due.toString())));

        fixture.given(known())
               .andGivenCommands(promise)
               .whenThenTimeElapses(Duration.ofHours(3))
               .expectTriggeredDeadlinesWithName(Promises.DUE_DEADLINE)
               .expectEvents(new PromiseBrokenEvent(CUSTOMER, "p-3", due));
    }

    @Test
    void aKeptPromiseNeverBreaks() {
        Instant due = fixture.currentTime().plus(Duration.ofHours(2));
        RecordTouchpointCommand promise = command("e11", touchpoint("store", "promise", null,
                fixture.currentTime(), data().put("promiseId", "p-4").put("description", "Call back")
                        .put("dueAt", due.toString())));
        RecordTouchpointCommand kept = command("e12", touchpoint("call_centre", "promise_kept", null,
                fixture.currentTime(), data().put("promiseId", "p-4")));

        fixture.given(known())
               .andGivenCommands(promise, kept)
               .whenThenTimeElapses(Duration.ofHours(3))
               .expectEvents();
    }

    @Test
    void keepingABrokenPromiseRecordsItAsKeptLate() {
        RecordTouchpointCommand kept = command("e13", touchpoint("call_centre", "promise_kept", null, T0,
                data().put("promiseId", "p-5")));

        fixture.given(known(new PromiseMadeEvent(CUSTOMER, "p-5", "Call back", T0, originIn("store")),
                      new PromiseBrokenEvent(CUSTOMER, "p-5", T0)))
               .when(kept)
               .expectEvents(recorded(kept), new PromiseKeptEvent(CUSTOMER, "p-5", true, origin(kept)));
    }

    @Test
    void keepingOrCancellingAPromiseNeverMadeIsRefused() {
        fixture.given(known())
               .when(command("e14", touchpoint("web", "promise_kept", null, T0, data().put("promiseId", "p-x"))))
               .expectException(TouchpointRefusedException.class)
               .expectNoEvents();
        fixture.given(known(new PromiseMadeEvent(CUSTOMER, "p-6", "Call", T0, originIn("web")),
                      new PromiseCancelledEvent(CUSTOMER, "p-6", "customer called us", originIn("web"))))
               .when(command("e15", touchpoint("web", "promise_cancelled", null, T0,
                       data().put("promiseId", "p-6").put("reason", "again"))))
               .expectException(TouchpointRefusedException.class);
    }

    /** The events of a known customer, followed by {@code more}. */
    private static List<Object> known(Object... more) {
        List<Object> events = new java.util.ArrayList<>(List.of(new CustomerJourneyStartedEvent(CUSTOMER),
                new IdentifierLinkedEvent(CUSTOMER, APP_USER, "app-backend", "login-1")));
        events.addAll(List.of(more));
        return events;
    }

    private static ObjectNode data() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static Touchpoint touchpoint(String channel, String type, String conversationId, Instant at,
                                         ObjectNode data) {
        return new Touchpoint(channel + "-system", type + "-" + at.getEpochSecond() + "-" + data.hashCode(), channel,
                type, at, List.of(APP_USER), conversationId, "agent:17", data,
                TouchpointTypes.read(type, data, conversationId, at));
    }

    private static RecordTouchpointCommand command(String eventId, Touchpoint touchpoint) {
        return new RecordTouchpointCommand(CUSTOMER, eventId, touchpoint);
    }

    private static Origin originIn(String channel) {
        return new Origin("earlier", channel, channel + "-system", null, null, T0.minusSeconds(60));
    }
}
