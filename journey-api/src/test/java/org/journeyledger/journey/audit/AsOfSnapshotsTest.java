package org.journeyledger.journey.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.GenericEventMessage;
import org.journeyledger.journey.context.ContextAsOf;
import org.journeyledger.journey.context.CustomerContext;
import org.journeyledger.journey.context.FactView;
import org.journeyledger.journey.identity.CustomerStreams;
import org.journeyledger.journey.identity.EffectiveHistory;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * As-of reads fold on context snapshots (tests snapshot every 3 settled events, see TestDatabase): whatever instant
 * is asked about — before the first snapshot, exactly at one, between two, after the last, across a merge or an
 * unmerge recorded after them — the answer is the context folded from scratch. On a snapshot of the customer's own
 * stream alone a read reads only the events after it, and still answers as from scratch when one of those was stamped
 * before the snapshot (it committed late) or is a merge, and on snapshots saved before sequence numbers were stored.
 */
class AsOfSnapshotsTest extends LedgerIntegrationTest {

    @Autowired
    private ContextAsOf asOf;
    @Autowired
    private CustomerStreams streams;

    @Test
    void contextsFoldedOnSnapshotsAreTheContextsFoldedFromScratch() throws Exception {
        String card = loyaltyCard();
        Scenario store = new Scenario("loyalty_card", card);
        List<Instant> marks = new ArrayList<>();
        String customerId = recordNew(store.interaction("store", null, Instant.now().minusSeconds(900), "visit",
                "Looked at boots"));
        marks.add(pause());
        // Another customer, merged in only later: its events lie between this one's, before their snapshots.
        String mail = email();
        String webCustomer = recordNew(new Scenario("email", mail).fact("web", null, Instant.now().minusSeconds(600),
                "delivery_address", "4 Quay Street"));
        marks.add(pause());
        for (int i = 0; i < 6; i++) {
            recordNew(i % 2 == 0 ? store.fact("web", null, Instant.now().minusSeconds(800 - i), "size", "4" + i)
                    : store.interaction("app", "c-" + card, Instant.now().minusSeconds(700 - i), "message",
                    "Message " + i));
            marks.add(pause());
        }

        sameAsFromScratch(customerId, Instant.now());
        List<Instant> snapshots = snapshotsOf(customerId);
        assertThat(snapshots).hasSizeGreaterThanOrEqualTo(3);

        TreeSet<Instant> instants = new TreeSet<>(marks);
        for (Instant snapshot : snapshots) {
            instants.add(snapshot);
            instants.add(snapshot.minus(1, ChronoUnit.MICROS));
            instants.add(snapshot.plus(1, ChronoUnit.MICROS));
        }
        for (int i = 1; i < snapshots.size(); i++) {
            instants.add(snapshots.get(i - 1).plus(Duration.between(snapshots.get(i - 1), snapshots.get(i))
                    .dividedBy(2)));
        }
        instants.add(Instant.now());
        for (Instant instant : instants) {
            sameAsFromScratch(customerId, instant);
        }

        // The reads above did fold on the snapshots: one altered in place shows through.
        Instant last = snapshots.get(snapshots.size() - 1);
        jdbc.update("UPDATE context_snapshot SET document = jsonb_set(document, '{touchpointCount}', '999')"
                + " WHERE customer_id = ? AND as_of = ?", customerId, OffsetDateTime.ofInstant(last,
                ZoneOffset.UTC));
        assertThat(asOf.at(customerId, last).touchpointCount).isEqualTo(999);
        jdbc.update("DELETE FROM context_snapshot WHERE customer_id = ?", customerId);

        // A merge recorded after the snapshots brings in the absorbed customer's earlier events: snapshots taken
        // before it no longer fit the survivor's history, and the absorbed customer's as-of contexts stay as they
        // were.
        sameAsFromScratch(customerId, Instant.now());
        sameAsFromScratch(webCustomer, Instant.now());
        Instant beforeMerge = pause();
        HttpResult merge = record(with(with(touchpoint("chat", "login", Instant.now()), "loyalty_card", card),
                "email", mail));
        String survivor = merge.body().get("customerId").asText();
        String absorbed = survivor.equals(customerId) ? webCustomer : customerId;
        awaitContext(survivor, c -> c.path("merges").size() == 1);
        Instant merged = pause();
        recordNew(store.fact("store", null, Instant.now().minusSeconds(10), "size", "44"));
        Instant afterMerge = pause();
        for (Instant instant : List.of(beforeMerge, merged, afterMerge, Instant.now(), beforeMerge, merged)) {
            sameAsFromScratch(survivor, instant);
            sameAsFromScratch(absorbed, instant);
        }
        assertThat(asOf.at(survivor, afterMerge).merges).hasSize(1);

        // ... and so does undoing it.
        JsonNode context = get("/api/customers/" + survivor + "/context").body();
        HttpResult undone = post("/api/customers/" + survivor + "/unmerge", JSON.createObjectNode()
                .put("mergeId", context.path("merges").get(0).path("mergeId").asText()).put("reason", "Not them")
                .put("actor", "auditor-1"));
        assertThat(undone.status()).as("%s", undone.body()).isEqualTo(200);
        Instant unmerged = pause();
        for (Instant instant : List.of(afterMerge, unmerged, Instant.now(), afterMerge, unmerged)) {
            sameAsFromScratch(survivor, instant);
            sameAsFromScratch(absorbed, instant);
        }
    }

    @Test
    void aCustomersOwnSnapshotsAreFoldedOnWithOnlyTheEventsRecordedAfterThem() throws Exception {
        Scenario store = new Scenario("loyalty_card", loyaltyCard());
        List<Instant> marks = new ArrayList<>();
        String customerId = recordNew(store.interaction("store", null, Instant.now().minusSeconds(900), "visit",
                "Looked at boots"));
        marks.add(pause());
        recordSome(store, 4, marks);
        sameAsFromScratch(customerId, Instant.now());
        // A customer who never merged: every snapshot holds exactly its own events 0..n and stores n.
        assertThat(snapshotRowsOf(customerId)).isNotEmpty()
                .allSatisfy(row -> assertThat(row.lastSequence()).isEqualTo((long) row.events() - 1));

        List<Instant> saved = snapshotsOf(customerId);

        // Events recorded after the snapshots are read after them: as of any instant, as folded from scratch.
        recordSome(store, 4, marks);
        recordUntilSnapshotAfter(customerId, store, saved.get(saved.size() - 1), marks);
        TreeSet<Instant> instants = new TreeSet<>(marks);
        for (Instant snapshot : snapshotsOf(customerId)) {
            instants.add(snapshot);
            instants.add(snapshot.minus(1, ChronoUnit.MICROS));
            instants.add(snapshot.plus(1, ChronoUnit.MICROS));
        }
        instants.add(Instant.now());
        for (Instant instant : instants) {
            sameAsFromScratch(customerId, instant);
        }
        for (Instant instant : instants.descendingSet()) {
            sameAsFromScratch(customerId, instant);
        }
        // ...and the snapshots those reads saved on the way store their sequence numbers too.
        assertThat(snapshotRowsOf(customerId)).hasSizeGreaterThan(saved.size())
                .allSatisfy(row -> assertThat(row.lastSequence()).isEqualTo((long) row.events() - 1));

        // A read folds the latest snapshot and then the events after it: one altered in place shows through, plus
        // the touchpoint recorded since.
        Instant last = snapshotsOf(customerId).get(snapshotsOf(customerId).size() - 1);
        long atLast = asOf.at(customerId, last).touchpointCount;
        jdbc.update("UPDATE context_snapshot SET document = jsonb_set(document, '{touchpointCount}', '900')"
                + " WHERE customer_id = ? AND as_of = ?", customerId, OffsetDateTime.ofInstant(last, ZoneOffset.UTC));
        recordSome(store, 1, marks);
        Instant now = Instant.now();
        long since = fromScratch(customerId, now).touchpointCount - atLast;
        assertThat(since).isEqualTo(1);
        assertThat(asOf.at(customerId, now).touchpointCount).isEqualTo(900 + since);
    }

    /**
     * A customer written fast (a batch, an import) has many events to a millisecond. Here each run of touchpoints
     * shares one timestamp and no multiple of 3 falls at a run's end after the first: the snapshot due at each
     * multiple must go to the end of the run, not be skipped.
     */
    @Test
    void eventsSharingTheirTimestampsAcrossEveryMultipleStillGetSnapshots() {
        Scenario store = new Scenario("loyalty_card", loyaltyCard());
        Instant start = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        List<Instant> runs = List.of(start, start.plusSeconds(1), start.plusSeconds(2));
        String customerId = null;
        Clock system = GenericEventMessage.clock;
        try {
            for (Instant run : runs) {
                GenericEventMessage.clock = Clock.fixed(run, ZoneOffset.UTC);
                for (int i = 0; i < 4; i++) {
                    customerId = recordNew(store.fact("web", null, start.minusSeconds(300), "note" + i, run + "/" + i));
                }
            }
        } finally {
            GenericEventMessage.clock = system;
        }
        // Two events per touchpoint, and the first starts the journey and links the card too: runs of 10, 8 and 8
        // events, ending at events 10, 18 and 26, of which only 18 is a multiple of 3.
        assertThat(count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", customerId))
                .isEqualTo(26);

        sameAsFromScratch(customerId, Instant.now());

        assertThat(snapshotsOf(customerId)).containsAll(runs);
        for (Instant run : runs) {
            sameAsFromScratch(customerId, run.minusNanos(1));
            sameAsFromScratch(customerId, run);
        }
    }

    @Test
    void anEventStampedBeforeASnapshotButCommittedAfterItCountsAsOfWhenItWasStamped() throws Exception {
        Scenario store = new Scenario("loyalty_card", loyaltyCard());
        Instant toldAt = Instant.now().minusSeconds(800).truncatedTo(ChronoUnit.SECONDS);
        String customerId = recordNew(store.interaction("store", null, Instant.now().minusSeconds(900), "visit",
                "Looked at boots"));
        Instant stamped = pause();
        recordNew(store.fact("web", null, toldAt, "size", "40"));
        List<Instant> marks = new ArrayList<>(List.of(stamped, pause()));
        Instant snapshot = recordUntilSnapshotAfter(customerId, store, marks.get(1), marks);
        assertThat(snapshotRowsOf(customerId)).allSatisfy(row -> assertThat(row.lastSequence()).isNotNull());

        // A slow transaction stamped its event at `stamped` (before the snapshot) and commits only now, after the
        // snapshot was saved: a customer's size told in the store at the same moment as on the web.
        Clock system = GenericEventMessage.clock;
        GenericEventMessage.clock = Clock.fixed(stamped, ZoneOffset.UTC);
        try {
            recordNew(store.fact("store", null, toldAt, "size", "39"));
        } finally {
            GenericEventMessage.clock = system;
        }

        for (Instant instant : List.of(stamped, snapshot, Instant.now(), marks.get(1), snapshot)) {
            sameAsFromScratch(customerId, instant);
        }
        // Recorded before the web's "40", the store's "39" was told twice and did not supersede it.
        FactView size = asOf.at(customerId, snapshot).facts.get("size");
        assertThat(size.timesTold).isEqualTo(2);
        assertThat(size.value).isEqualTo("40");
    }

    @Test
    void aMergeRecordedAfterTheSurvivorsSnapshotsBringsInTheAbsorbedHistory() throws Exception {
        String card = loyaltyCard();
        Scenario store = new Scenario("loyalty_card", card);
        String survivor = recordNew(store.interaction("store", null, Instant.now().minusSeconds(900), "visit",
                "Looked at boots"));
        recordSome(store, 3, new ArrayList<>());
        String mail = email();
        String absorbed = recordNew(new Scenario("email", mail).fact("web", null, Instant.now().minusSeconds(600),
                "delivery_address", "4 Quay Street"));
        recordUntilSnapshotAfter(survivor, store, Instant.now(), new ArrayList<>());
        Instant beforeMerge = pause();
        sameAsFromScratch(survivor, beforeMerge);
        assertThat(snapshotRowsOf(survivor)).isNotEmpty()
                .allSatisfy(row -> assertThat(row.lastSequence()).isNotNull());

        HttpResult merge = record(with(with(touchpoint("chat", "login", Instant.now()), "loyalty_card", card),
                "email", mail));
        assertThat(merge.body().get("customerId").asText()).as("the customer known longest survives")
                .isEqualTo(survivor);
        awaitContext(survivor, c -> c.path("merges").size() == 1);
        Instant merged = pause();

        for (Instant instant : List.of(merged, beforeMerge, Instant.now(), merged)) {
            sameAsFromScratch(survivor, instant);
            sameAsFromScratch(absorbed, instant);
        }
        CustomerContext context = asOf.at(survivor, merged);
        assertThat(context.merges).hasSize(1);
        assertThat(context.facts.get("delivery_address").value).isEqualTo("4 Quay Street");
        assertThat(context.touchpointCount).isEqualTo(fromScratch(survivor, beforeMerge).touchpointCount
                + fromScratch(absorbed, beforeMerge).touchpointCount + 1);
        assertThat(asOf.at(survivor, beforeMerge).facts).doesNotContainKey("delivery_address");
    }

    @Test
    void snapshotsSavedBeforeSequenceNumbersWereStoredStillAnswerAsAFullFold() throws Exception {
        Scenario store = new Scenario("loyalty_card", loyaltyCard());
        List<Instant> marks = new ArrayList<>();
        String customerId = recordNew(store.interaction("store", null, Instant.now().minusSeconds(900), "visit",
                "Looked at boots"));
        marks.add(pause());
        recordSome(store, 3, marks);
        sameAsFromScratch(customerId, Instant.now());
        List<Instant> old = snapshotsOf(customerId);
        assertThat(old).isNotEmpty();
        jdbc.update("UPDATE context_snapshot SET last_sequence = NULL WHERE customer_id = ?", customerId);

        recordSome(store, 3, marks);
        marks.add(Instant.now());
        for (Instant instant : marks) {
            sameAsFromScratch(customerId, instant);
        }
        recordUntilSnapshotAfter(customerId, store, old.get(old.size() - 1), marks);
        for (Instant instant : marks) {
            sameAsFromScratch(customerId, instant);
        }
        for (Instant instant : old) {
            sameAsFromScratch(customerId, instant);
        }
        // Snapshots saved on top of the old ones store their sequence numbers again.
        assertThat(snapshotRowsOf(customerId)).filteredOn(row -> row.asOf().isAfter(old.get(old.size() - 1)))
                .isNotEmpty().allSatisfy(row -> assertThat(row.lastSequence()).isEqualTo((long) row.events() - 1));
    }

    /** Records {@code count} facts and interactions for the scenario's customer, marking an instant after each. */
    private void recordSome(Scenario scenario, int count, List<Instant> marks) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            recordNew(i % 2 == 0 ? scenario.fact("web", null, Instant.now().minusSeconds(500 - i), "colour", "C" + i)
                    : scenario.interaction("app", null, Instant.now().minusSeconds(400 - i), "message",
                    "Message " + i));
            marks.add(pause());
        }
    }

    /**
     * Records touchpoints, reading the context as of now after each, until the customer has a snapshot after
     * {@code after} (snapshots never split the events of one touchpoint when they share a timestamp), and returns it.
     */
    private Instant recordUntilSnapshotAfter(String customerId, Scenario scenario, Instant after, List<Instant> marks)
            throws InterruptedException {
        for (int i = 0; i < 12; i++) {
            sameAsFromScratch(customerId, Instant.now());
            List<Instant> snapshots = snapshotsOf(customerId);
            if (!snapshots.isEmpty() && snapshots.get(snapshots.size() - 1).isAfter(after)) {
                return snapshots.get(snapshots.size() - 1);
            }
            recordNew(i % 3 == 2 ? scenario.interaction("app", null, Instant.now().minusSeconds(300), "message",
                    "Another message " + i) : scenario.fact("web", null, Instant.now().minusSeconds(300 - i), "shoe",
                    "S" + i));
            marks.add(pause());
        }
        throw new AssertionError("No snapshot of " + customerId + " after " + after);
    }

    private record SnapshotRow(Instant asOf, int events, Long lastSequence) {
    }

    private List<SnapshotRow> snapshotRowsOf(String customerId) {
        return jdbc.query("SELECT as_of, events, last_sequence FROM context_snapshot WHERE customer_id = ?"
                        + " ORDER BY as_of", (row, n) -> new SnapshotRow(row.getObject(1, OffsetDateTime.class)
                        .toInstant(), row.getInt(2), row.getObject(3, Long.class)), customerId);
    }

    private CustomerContext fromScratch(String customerId, Instant instant) {
        return CustomerContext.folded(customerId, EffectiveHistory.asOf(customerId, instant, streams));
    }

    private void sameAsFromScratch(String customerId, Instant instant) {
        JsonNode fromScratch = ReadModelJson.mapper().valueToTree(fromScratch(customerId, instant));
        JsonNode folded = ReadModelJson.mapper().valueToTree(asOf.at(customerId, instant));
        assertThat(folded).as("%s as of %s", customerId, instant).isEqualTo(fromScratch);
    }

    private List<Instant> snapshotsOf(String customerId) {
        return jdbc.queryForList("SELECT as_of FROM context_snapshot WHERE customer_id = ? ORDER BY as_of",
                OffsetDateTime.class, customerId).stream().map(OffsetDateTime::toInstant).toList();
    }

    /** An instant strictly between what was recorded before and what is recorded after. */
    private static Instant pause() throws InterruptedException {
        Thread.sleep(5);
        Instant now = Instant.now();
        Thread.sleep(5);
        return now;
    }
}
