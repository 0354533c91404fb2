package org.journeyledger.journey.context;

import org.journeyledger.journey.context.CustomerContextStore.Versioned;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The documents kept between batches stay within both bounds, the least recently written giving way. */
class ContextCacheTest {

    @Test
    void documentsBeyondTheSizeBudgetGiveWayOldestFirst() {
        ContextCache cache = new ContextCache(100, 10_000);
        cache.putAll(List.of(document("a", 4_000), document("b", 4_000)));
        cache.putAll(List.of(document("c", 4_000)));

        assertThat(cache.take(List.of("a", "b", "c")).keySet()).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void aDocumentTakenOutNoLongerCountsAgainstTheBudget() {
        ContextCache cache = new ContextCache(100, 10_000);
        cache.putAll(List.of(document("a", 6_000)));
        assertThat(cache.take(List.of("a"))).containsKey("a");
        cache.putAll(List.of(document("b", 6_000)));
        // A document written again replaces its old copy's size, not adds to it.
        cache.putAll(List.of(document("b", 7_000)));

        assertThat(cache.take(List.of("b")).get("b").size()).isEqualTo(7_000);
    }

    @Test
    void atMostTheNumberOfDocumentsAskedForAreKept() {
        ContextCache cache = new ContextCache(2, 1_000_000);
        cache.putAll(List.of(document("a", 10), document("b", 10), document("c", 10)));

        assertThat(cache.take(List.of("a", "b", "c"))).hasSize(2);
    }

    private static Versioned document(String customerId, int size) {
        return new Versioned(CustomerContext.empty(customerId), 1, size);
    }
}
