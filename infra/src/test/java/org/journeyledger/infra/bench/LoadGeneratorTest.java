package org.journeyledger.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LoadGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoadGenerator load = new LoadGenerator(42, 100, 5_000, Instant.parse("2026-11-23T12:00:00Z"));

    @Test
    void isDeterministic() {
        LoadGenerator again = new LoadGenerator(42, 100, 5_000, Instant.parse("2026-11-23T12:00:00Z"));
        for (long i = 0; i < 200; i++) {
            assertThat(again.touchpoint(i)).isEqualTo(load.touchpoint(i));
        }
    }

    /**
     * Every customer first signs up with card and email, and every later touchpoint carries only identifiers of that
     * one customer: so the ledger never sees identifiers of two customers, yet the channels overlap (the store knows
     * the card, email and chat the email, the web both).
     */
    @Test
    void channelsOverlapOnIdentifiersOfOneCustomerWhoSignedUpFirst() throws Exception {
        Map<String, Integer> owner = new HashMap<>();
        Set<Integer> signedUp = new HashSet<>();
        Map<String, Set<String>> typesByChannel = new HashMap<>();
        for (long i = 0; i < load.size(); i++) {
            LoadGenerator.Touchpoint tp = load.touchpoint(i);
            JsonNode node = JSON.readTree(tp.json());
            if (node.path("type").asText().equals("sign_up")) {
                signedUp.add(tp.customer());
            }
            assertThat(signedUp).as("touchpoint %d comes after its customer's sign-up", i).contains(tp.customer());
            for (JsonNode id : node.path("identifiers")) {
                String key = id.path("type").asText() + ":" + id.path("value").asText().replace(" ", "");
                assertThat(owner.putIfAbsent(key, tp.customer())).isIn(null, tp.customer());
                typesByChannel.computeIfAbsent(node.path("channel").asText(), c -> new HashSet<>())
                        .add(id.path("type").asText());
            }
        }
        assertThat(signedUp).hasSize(100);
        assertThat(typesByChannel.get("store")).containsExactly("loyalty_card");
        assertThat(typesByChannel.get("web")).contains("loyalty_card", "email");
        assertThat(typesByChannel.get("chat")).containsExactly("email");
    }

    @Test
    void mixesTypedAndFreeFormTouchpointsWithLateArrivalsAtTheUsualSize() throws Exception {
        Map<String, Integer> types = new HashMap<>();
        int late = 0;
        long bytes = 0;
        Instant previous = Instant.EPOCH;
        for (long i = 0; i < load.size(); i++) {
            JsonNode node = JSON.readTree(load.touchpoint(i).json());
            types.merge(node.path("type").asText(), 1, Integer::sum);
            Instant occurred = Instant.parse(node.path("occurredAt").asText());
            if (occurred.isBefore(previous)) {
                late++;
            } else {
                previous = occurred;
            }
            bytes += load.touchpoint(i).json().length();
        }
        assertThat(types).containsKeys("interaction", "fact", "purchase", "page_view", "sign_up");
        assertThat(late).isBetween(30, 200); // ~5% of the 30% store share
        assertThat(bytes / load.size()).isBetween(330L, 420L);
    }

    @Test
    void channelMixFollowsThePercentages() {
        assertThat(LoadGenerator.channel(0)).isEqualTo("store");
        assertThat(LoadGenerator.channel(29)).isEqualTo("store");
        assertThat(LoadGenerator.channel(30)).isEqualTo("web");
        assertThat(LoadGenerator.channel(99)).isEqualTo("chat");
    }
}
