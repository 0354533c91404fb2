package org.journeyledger.journey.erasure;

import org.journeyledger.journey.eventstore.PayloadEncryption;

import javax.crypto.SecretKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Encrypts the personal values of each appended event with its customer's data key (created on the customer's first
 * personal value), before the append hashes and stores the payload. A batch reads the keys of all its customers in
 * one statement, and unwraps each at most once.
 */
final class FieldEncryption implements PayloadEncryption {

    private final DataKeys keys;

    FieldEncryption(DataKeys keys) {
        this.keys = keys;
    }

    @Override
    public Batch batch(Connection connection, Collection<String> customerIds) throws SQLException {
        Map<String, byte[]> locked = DataKeys.lockedKeys(connection, customerIds);
        Map<String, SecretKey> batchKeys = new HashMap<>();
        return (aggregateId, eventId, payloadType, payload) -> {
            try {
                return PersonalDataCipher.encrypt(payload, payloadType, eventId, () -> batchKeys.computeIfAbsent(
                        aggregateId, customer -> {
                            try {
                                // No row when read: created here (ON CONFLICT DO NOTHING), then read again.
                                return keys.forAppend(connection, customer, locked.get(customer));
                            } catch (SQLException e) {
                                throw new KeyUnavailable(e);
                            }
                        }));
            } catch (KeyUnavailable e) {
                throw e.getCause();
            }
        };
    }

    private static final class KeyUnavailable extends RuntimeException {
        KeyUnavailable(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
