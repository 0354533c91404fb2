package org.journeyledger.journey.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.context.ContextAsOf;
import org.journeyledger.journey.context.CustomerContext;
import org.journeyledger.journey.identity.CustomerStreams;
import org.journeyledger.journey.identity.EffectiveHistory;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
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
 * unmerge recorded after them — the answer is the context folded from scratch.
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
                java.time.ZoneOffset.UTC));
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

    private void sameAsFromScratch(String customerId, Instant instant) {
        JsonNode fromScratch = ReadModelJson.mapper().valueToTree(
                CustomerContext.folded(customerId, EffectiveHistory.asOf(customerId, instant, streams)));
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
