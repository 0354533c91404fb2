package org.journeyledger.journey.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.customer.CustomerJourneyStartedEvent;
import org.journeyledger.journey.fact.FactToldEvent;
import org.journeyledger.journey.touchpoint.Origin;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store customer S (a loyalty card) absorbs the web customer A (an email); afterwards the email channel and the
 * store each record a touchpoint on S; then the merge is undone. Streams are never rewritten: only how they are read.
 */
class EffectiveHistoryTest {

    private static final CustomerId S = CustomerId.of("store-customer");
    private static final CustomerId A = CustomerId.of("web-customer");
    private static final Identifier CARD = new Identifier("loyalty_card", "LC1");
    private static final Identifier EMAIL = new Identifier("email", "mira@example.org");
    private static final Instant T = Instant.parse("2026-11-01T09:00:00Z");

    private final Map<String, List<DomainEventMessage<?>>> streams = new HashMap<>();
    private final CustomerStreams reader = id -> streams.getOrDefault(id, List.of());

    @Test
    void aSurvivorsHistoryHoldsTheAbsorbedHistoryInRecordedOrder() {
        givenTheMergeAndWhatFollowed();

        List<String> history = ids(EffectiveHistory.of(S.value(), reader));

        assertThat(history).containsExactly("s-start", "s-card", "s-tp1", "a-start", "a-email", "a-tp1", "a-fact",
                "a-into", "s-merged", "s-tp-email", "s-fact-email", "s-tp-card");
    }

    @Test
    void asOfBeforeTheMergeTheSurvivorHadOnlyItsOwnHistory() {
        givenTheMergeAndWhatFollowed();

        assertThat(ids(EffectiveHistory.asOf(S.value(), T.plusSeconds(4), reader)))
                .containsExactly("s-start", "s-card", "s-tp1");
        assertThat(ids(EffectiveHistory.asOf(A.value(), T.plusSeconds(4), reader)))
                .containsExactly("a-start", "a-email", "a-tp1", "a-fact");
    }

    @Test
    void undoingTheMergeSendsBackWhatCarriedOnlyTheAbsorbedIdentifiers() {
        givenTheMergeAndWhatFollowed();

        MergeSplit split = MergeSplit.plan(S.value(), "m1", reader);

        assertThat(split.restoredCustomerId()).isEqualTo(A);
        assertThat(split.returnedIdentifiers()).containsExactly(EMAIL);
        assertThat(split.reassignedEventIds()).containsExactly("s-tp-email", "s-fact-email");
    }

    @Test
    void afterTheUndoBothHistoriesAreAsBeforePlusWhatEachDidSince() {
        givenTheMergeAndWhatFollowed();
        MergeSplit split = MergeSplit.plan(S.value(), "m1", reader);
        append(S, "s-unmerged", 9, new CustomersUnmergedEvent(S, A, "m1", "two people", "auditor",
                split.returnedIdentifiers(), split.reassignedEventIds()));
        append(A, "a-restored", 9, new CustomerRestoredEvent(A, S, "m1", "two people", "auditor",
                split.returnedIdentifiers(), split.reassignedEventIds()));

        assertThat(ids(EffectiveHistory.of(S.value(), reader)))
                .containsExactly("s-start", "s-card", "s-tp1", "s-merged", "s-tp-card", "s-unmerged");
        assertThat(ids(EffectiveHistory.of(A.value(), reader)))
                .containsExactly("a-start", "a-email", "a-tp1", "a-fact", "a-into", "s-tp-email", "s-fact-email",
                        "a-restored");
        assertThatThrownBy(() -> MergeSplit.plan(S.value(), "m1", reader)).hasMessageContaining("already undone");
    }

    @Test
    void aReaderHoldingTheOwnBeginningOfAHistoryReadsOnlyTheStreamAfterIt() {
        givenTheMergeAndWhatFollowed();
        CustomerStreams tailOnly = new CustomerStreams() {
            @Override
            public List<? extends DomainEventMessage<?>> read(String customerId) {
                throw new AssertionError("read the whole stream of " + customerId);
            }

            @Override
            public List<? extends DomainEventMessage<?>> read(String customerId, long firstSequenceNumber) {
                List<DomainEventMessage<?>> stream = streams.get(customerId);
                return stream.subList((int) firstSequenceNumber, stream.size());
            }
        };

        // S's events 0..2 (second 0) were its whole history as of second 1; the merge came at second 6.
        assertThat(EffectiveHistory.asOfAfter(S.value(), 2, T.plusSeconds(1), T.plusSeconds(5), tailOnly))
                .hasValueSatisfying(rest -> assertThat(rest).isEmpty());
        assertThat(EffectiveHistory.asOfAfter(S.value(), 1, T, T.plusSeconds(5), tailOnly)).isEmpty();
        assertThat(EffectiveHistory.asOfAfter(S.value(), 2, T.plusSeconds(1), T.plusSeconds(6), tailOnly)).isEmpty();
    }

    @Test
    void theRestOfAHistoryWithoutMergesIsReadInRecordedOrder() {
        append(S, "s-start", 0, new CustomerJourneyStartedEvent(S));
        append(S, "s-card", 0, new IdentifierLinkedEvent(S, CARD, "pos", "r1"));
        append(S, "s-tp1", 2, touchpoint(S, "pos", "r1", CARD));
        append(S, "s-tp2", 4, touchpoint(S, "pos", "r2", CARD));
        append(S, "s-tp3", 3, touchpoint(S, "pos", "r3", CARD));
        append(S, "s-tp4", 9, touchpoint(S, "pos", "r4", CARD));

        assertThat(EffectiveHistory.asOfAfter(S.value(), 1, T.plusSeconds(1), T.plusSeconds(5), reader)
                .map(EffectiveHistoryTest::ids)).contains(List.of("s-tp1", "s-tp3", "s-tp2"));
        assertThat(ids(EffectiveHistory.asOf(S.value(), T.plusSeconds(5), reader)))
                .containsExactly("s-start", "s-card", "s-tp1", "s-tp3", "s-tp2");
        // s-tp1 (sequence 2) was stamped at second 2: a beginning said to be whole as of second 2 lacks it.
        assertThat(EffectiveHistory.asOfAfter(S.value(), 1, T.plusSeconds(2), T.plusSeconds(5), reader)).isEmpty();
    }

    private void givenTheMergeAndWhatFollowed() {
        append(S, "s-start", 0, new CustomerJourneyStartedEvent(S));
        append(S, "s-card", 0, new IdentifierLinkedEvent(S, CARD, "pos", "r1"));
        append(S, "s-tp1", 0, touchpoint(S, "pos", "r1", CARD));
        append(A, "a-start", 1, new CustomerJourneyStartedEvent(A));
        append(A, "a-email", 1, new IdentifierLinkedEvent(A, EMAIL, "web", "w1"));
        append(A, "a-tp1", 1, touchpoint(A, "web", "w1", EMAIL));
        append(A, "a-fact", 1, new FactToldEvent(A, "size", "M", origin("a-tp1")));
        append(A, "a-into", 5, new CustomerMergedIntoEvent(A, S, "m1"));
        append(S, "s-merged", 6, new CustomersMergedEvent(S, A, "m1", CustomersMergedEvent.SHARED_IDENTIFIER,
                "s-tp-both", List.of(CARD, EMAIL), null));
        append(S, "s-tp-email", 7, touchpoint(S, "mailer", "m1", EMAIL));
        append(S, "s-fact-email", 7, new FactToldEvent(S, "size", "L", origin("s-tp-email")));
        append(S, "s-tp-card", 8, touchpoint(S, "pos", "r2", CARD));
    }

    private void append(CustomerId customer, String eventId, int second, Object payload) {
        List<DomainEventMessage<?>> stream = streams.computeIfAbsent(customer.value(), id -> new ArrayList<>());
        stream.add(new GenericDomainEventMessage<>("CustomerJourney", customer.value(), stream.size(), payload,
                Map.of(), eventId, T.plusSeconds(second)));
    }

    private static TouchpointRecordedEvent touchpoint(CustomerId customer, String source, String sourceEventId,
                                                      Identifier identifier) {
        return new TouchpointRecordedEvent(customer, source, sourceEventId, "web", "login", T, List.of(identifier),
                null, null, JsonNodeFactory.instance.objectNode());
    }

    private static Origin origin(String touchpointEventId) {
        return new Origin(touchpointEventId, "web", "web", null, null, T);
    }

    private static List<String> ids(List<DomainEventMessage<?>> history) {
        return history.stream().map(DomainEventMessage::getIdentifier).toList();
    }
}
