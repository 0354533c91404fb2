package org.journeyledger.journey.ledger;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HashChainTest {

    private static final byte[] PAYLOAD = "{\"customerId\":\"c-1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theCanonicalFormIsTheColumnsLineByLineWithDigestsOfTheBytes() {
        String canonical = HashChain.canonical("e-1", "c-1", 0, "CustomerJourney", "x.Started", "1",
                "2026-01-02T03:04:05.678Z", PAYLOAD, null);

        assertThat(canonical).isEqualTo(String.join("\n", "e-1", "c-1", "0", "CustomerJourney", "x.Started", "1",
                "2026-01-02T03:04:05.678Z", HashChain.sha256(PAYLOAD),
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    @Test
    void everyHashDependsOnTheOneBefore() {
        String canonical = HashChain.canonical("e-2", "c-1", 1, "CustomerJourney", "x.Linked", "1",
                "2026-01-02T03:04:05.679Z", PAYLOAD, null);

        assertThat(HashChain.link(HashChain.GENESIS, canonical))
                .hasSize(64)
                .isNotEqualTo(HashChain.link("f".repeat(64), canonical));
    }

    @Test
    void changingOneByteOfThePayloadChangesTheHash() {
        byte[] altered = PAYLOAD.clone();
        altered[3] ^= 1;

        assertThat(HashChain.link(HashChain.GENESIS, HashChain.canonical("e", "c", 0, "t", "p", "1", "ts", altered, null)))
                .isNotEqualTo(HashChain.link(HashChain.GENESIS, HashChain.canonical("e", "c", 0, "t", "p", "1", "ts", PAYLOAD, null)));
    }
}
