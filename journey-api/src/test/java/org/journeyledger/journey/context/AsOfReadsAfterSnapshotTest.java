package org.journeyledger.journey.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.journeyledger.journey.config.JourneyProperties;
import org.journeyledger.journey.identity.CustomerStreams;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;

/**
 * Issue #11: an as-of read on a snapshot of the customer's own stream reads only the events recorded after it, not the
 * customer's whole stream, so a long history costs no more than a short one. The reads are those of the real event
 * store, only written down on the way; what they answer is checked against {@code AsOfSnapshotsTest}'s standard, the
 * context folded from scratch.
 */
class AsOfReadsAfterSnapshotTest extends LedgerIntegrationTest {

    @Autowired
    private CustomerStreams streams;
    @Autowired
    private ContextSnapshots snapshots;
    @Autowired
    private Clock clock;
    @Autowired
    private JourneyProperties properties;
    private WrittenDown reads;
    private ContextAsOf asOf;

    @BeforeEach
    void writeDownTheReads() {
        reads = new WrittenDown(streams);
        asOf = new ContextAsOf(reads, snapshots, clock, properties);
    }

    @Test
    void aReadOnASnapshotOfTheCustomersOwnStreamReadsOnlyTheEventsRecordedAfterIt() throws Exception {
        Scenario store = new Scenario("loyalty_card", loyaltyCard());
        String customerId = snapshotted(store);
        Long lastSequence = jdbc.queryForObject("SELECT last_sequence FROM context_snapshot WHERE customer_id = ?"
                + " ORDER BY as_of DESC LIMIT 1", Long.class, customerId);
        assertThat(lastSequence).as("the latest snapshot's last sequence number").isNotNull();

        recordNew(store.interaction("app", null, Instant.now().minusSeconds(10), "message", "Are they in stock?"));
        Thread.sleep(5);
        Instant now = Instant.now();
        reads.clear();
        CustomerContext context = asOf.at(customerId, now);

        assertThat(reads.wholeStreams).isEmpty();
        assertThat(reads.fromSequenceNumbers).containsExactly(lastSequence + 1);
        assertThat(json(context)).isEqualTo(fromScratch(customerId, now));
    }

    @Test
    void aReadOfAnInstantBeforeTheStreamsEndLeavesTheEventsRecordedAfterItInTheStore() throws Exception {
        Scenario store = new Scenario("loyalty_card", loyaltyCard());
        String customerId = snapshotted(store);
        Instant between = instantBetween(
                store.interaction("app", null, Instant.now().minusSeconds(10), "message", "Are they in stock?"),
                store.interaction("call_centre", null, Instant.now().minusSeconds(5), "call", "Ordered them"));
        reads.clear();

        CustomerContext context = asOf.at(customerId, between);

        assertReadOnlyUpTo(between, customerId, context);
    }

    @Test
    void aReadWithNoSnapshotBeforeTheInstantReadsTheStreamOnlyUpToIt() throws Exception {
        Scenario app = new Scenario("email", email());
        ObjectNode first = app.interaction("app", null, Instant.now().minusSeconds(30), "message",
                "Where is my parcel?");
        Instant between = instantBetween(first,
                app.fact("call_centre", null, Instant.now().minusSeconds(5), "order", "A-1001"));
        String customerId = resolve("email", app.identifierValue()).body().get("customerId").asText();
        reads.clear();

        CustomerContext context = asOf.at(customerId, between);

        assertThat(reads.fromSequenceNumbers).containsExactly(0L);
        assertReadOnlyUpTo(between, customerId, context);
    }

    @Test
    void theStoreReturnsAnEventRecordedExactlyAtTheInstantAndNothingAfterIt() {
        Scenario web = new Scenario("email", email());
        String customerId = recordNew(web.fact("web", null, Instant.now().minusSeconds(60), "size", "41"));
        recordNew(web.fact("web", null, Instant.now().minusSeconds(50), "colour", "green"));
        List<? extends DomainEventMessage<?>> all = streams.read(customerId);
        Instant second = all.get(all.size() - 1).getTimestamp(); // the second touchpoint's events share it

        assertThat(timestamps(streams.readRecordedBy(customerId, 0, second)))
                .isEqualTo(timestamps(all)).endsWith(second);
        List<Instant> before = timestamps(all).stream().filter(timestamp -> timestamp.isBefore(second)).toList();
        assertThat(before).isNotEmpty();
        assertThat(timestamps(streams.readRecordedBy(customerId, 0, second.minusNanos(1)))).isEqualTo(before);
        assertThat(streams.readRecordedBy(customerId, 0, all.get(0).getTimestamp().truncatedTo(ChronoUnit.SECONDS)
                .minusNanos(1))).isEmpty();
        assertThat(timestamps(streams.readRecordedBy(customerId, all.size() - 1, second))).containsExactly(second);
    }

    /** Records {@code before}, then {@code after} (both new), and returns an instant strictly between them. */
    private Instant instantBetween(ObjectNode before, ObjectNode after) throws InterruptedException {
        recordNew(before);
        Thread.sleep(5);
        Instant between = Instant.now();
        Thread.sleep(5);
        recordNew(after);
        return between;
    }

    /** The read answered the context as of {@code instant} and read nothing of the stream recorded after it. */
    private void assertReadOnlyUpTo(Instant instant, String customerId, CustomerContext context) {
        assertThat(reads.wholeStreams).isEmpty();
        assertThat(reads.latestRead).as("the latest event read").isNotNull().isBeforeOrEqualTo(instant);
        assertThat(json(context)).isEqualTo(fromScratch(customerId, instant));
        assertThat(json(context)).isNotEqualTo(fromScratch(customerId, Instant.now()));
    }

    /** A customer of {@code store} with a snapshot of its own stream. */
    private String snapshotted(Scenario store) throws InterruptedException {
        String customerId = recordNew(store.interaction("store", null, Instant.now().minusSeconds(900), "visit",
                "Looked at boots"));
        for (int i = 0; i < 12 && count("SELECT count(*) FROM context_snapshot WHERE customer_id = ?", customerId) == 0;
             i++) {
            recordNew(store.fact("web", null, Instant.now().minusSeconds(800 - i), "size", "4" + i));
            Thread.sleep(5);
            asOf.at(customerId, Instant.now());
        }
        return customerId;
    }

    /**
     * The standard: the context folded from scratch, as JSON, from the whole stream read and cut at the instant here
     * (these customers have merged with no one, so their own stream is their history).
     */
    private JsonNode fromScratch(String customerId, Instant instant) {
        return json(CustomerContext.folded(customerId, streams.read(customerId).stream()
                .filter(event -> !event.getTimestamp().isAfter(instant)).toList()));
    }

    private static JsonNode json(CustomerContext context) {
        return ReadModelJson.mapper().valueToTree(context);
    }

    private static List<Instant> timestamps(List<? extends DomainEventMessage<?>> events) {
        return events.stream().map(DomainEventMessage::getTimestamp).toList();
    }

    /** The event store's customer streams, writing down which reads were made. */
    private static final class WrittenDown implements CustomerStreams {

        private final CustomerStreams streams;
        private final List<String> wholeStreams = new ArrayList<>();
        private final List<Long> fromSequenceNumbers = new ArrayList<>();
        private Instant latestRead;

        WrittenDown(CustomerStreams streams) {
            this.streams = streams;
        }

        @Override
        public List<? extends DomainEventMessage<?>> read(String customerId) {
            wholeStreams.add(customerId);
            return streams.read(customerId);
        }

        @Override
        public List<? extends DomainEventMessage<?>> read(String customerId, long firstSequenceNumber) {
            fromSequenceNumbers.add(firstSequenceNumber);
            return wroteDown(streams.read(customerId, firstSequenceNumber));
        }

        @Override
        public List<? extends DomainEventMessage<?>> readRecordedBy(String customerId, long firstSequenceNumber,
                                                                     Instant upTo) {
            fromSequenceNumbers.add(firstSequenceNumber);
            return wroteDown(streams.readRecordedBy(customerId, firstSequenceNumber, upTo));
        }

        private List<? extends DomainEventMessage<?>> wroteDown(List<? extends DomainEventMessage<?>> read) {
            read.forEach(event -> latestRead = latestRead == null || event.getTimestamp().isAfter(latestRead)
                    ? event.getTimestamp() : latestRead);
            return read;
        }

        void clear() {
            wholeStreams.clear();
            fromSequenceNumbers.clear();
            latestRead = null;
        }
    }
}
