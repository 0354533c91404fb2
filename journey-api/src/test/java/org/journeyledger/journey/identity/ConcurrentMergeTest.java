package org.journeyledger.journey.identity;

import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * Many writers at once each find that two customers are one; together their touchpoints chain all the customers
 * into one person. However the merges interleave, every identifier ends with exactly one owner, every merge is
 * complete on both sides, and one customer answers for all.
 */
class ConcurrentMergeTest extends LedgerIntegrationTest {

    @Test
    void concurrentMergesOfOverlappingCustomersLeaveOneCustomerAndNoHalfDoneMerge() throws Exception {
        int customers = 10;
        List<String> emails = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            emails.add(email().toLowerCase());
            ids.add(recordNew(with(touchpoint("web", "login", Instant.now()), "email", emails.get(i))));
        }
        List<Callable<HttpResult>> writers = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i + 1 < customers; i++) {
                String a = emails.get(i);
                String b = emails.get(i + 1);
                writers.add(() -> record(with(with(touchpoint("chat", "login", Instant.now()), "email", a),
                        "email", b)));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<HttpResult> answer : pool.invokeAll(writers)) {
                statuses.add(answer.get().status());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(statuses).containsOnly(201);
        Set<String> owners = new HashSet<>();
        for (String email : emails) {
            owners.add(resolve("email", email).body().get("customerId").asText());
        }
        assertThat(owners).as("one customer answers for every email").hasSize(1);
        String survivor = owners.iterator().next();
        assertThat(survivor).isEqualTo(ids.get(0)).as("the oldest customer survives");
        String[] all = ids.toArray(String[]::new);
        assertThat(count("SELECT count(*) FROM customer WHERE customer_id = ANY (?) AND root_id = ?", all, survivor))
                .isEqualTo(customers);
        assertThat(count("SELECT count(*) FROM identifier_owner WHERE customer_id = ANY (?)", (Object) all))
                .as("no identifier left with an absorbed customer or lost").isEqualTo(customers);
        long absorbedSides = count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ANY (?)"
                + " AND payload_type LIKE '%CustomerMergedIntoEvent'", (Object) all);
        long survivorSides = count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ANY (?)"
                + " AND payload_type LIKE '%CustomersMergedEvent'", (Object) all);
        assertThat(absorbedSides).as("each absorbed customer was merged exactly once").isEqualTo(customers - 1);
        assertThat(survivorSides).as("and each merge is recorded on both sides").isEqualTo(absorbedSides);
        awaitContext(survivor, c -> c.path("identifiers").size() == customers
                && c.path("touchpointCount").asLong() == customers + writers.size());
    }
}
