package org.journeyledger.journey.erasure;

import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node keeps readers' data keys in memory for a while and for a bounded number of customers. Seen from outside: an
 * erasure committed by another node is not noticed while a key is held, and is noticed at once for a key that was
 * not kept.
 */
class DataKeysTest extends LedgerIntegrationTest {

    private final MasterKey master = new MasterKey(randomBytes());

    @Test
    void keepsAtMostTheConfiguredNumberOfCustomersKeys() {
        List<String> customers = IntStream.range(0, 5).mapToObj(i -> newKeyRow()).toList();
        DataKeys small = new DataKeys(jdbc, master, 2);
        DataKeys large = new DataKeys(jdbc, master, 100);
        customers.forEach(small::forRead);
        customers.forEach(large::forRead);

        customers.forEach(this::eraseOnAnotherNode);

        assertThat(customers.stream().filter(id -> small.forRead(id) instanceof PersonalDataCipher.Active))
                .hasSizeLessThanOrEqualTo(2);
        assertThat(customers.stream().filter(id -> large.forRead(id) instanceof PersonalDataCipher.Active))
                .hasSize(5);
    }

    private String newKeyRow() {
        String customerId = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO customer_data_key (customer_id, wrapped_key, created_at) VALUES (?, ?, ?)",
                customerId, master.wrap(customerId, MasterKey.newDataKey()), Timestamp.from(Instant.now()));
        return customerId;
    }

    private void eraseOnAnotherNode(String customerId) {
        jdbc.update("UPDATE customer_data_key SET wrapped_key = NULL, destroyed_at = now() WHERE customer_id = ?",
                customerId);
    }

    private static byte[] randomBytes() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
