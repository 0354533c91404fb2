package org.journeyledger.journey.erasure;

import org.journeyledger.journey.eventstore.PayloadEncryption;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Encrypts the personal values of each appended event with its customer's data key (created on the customer's first
 * personal value), before the append hashes and stores the payload.
 */
final class FieldEncryption implements PayloadEncryption {

    private final DataKeys keys;

    FieldEncryption(DataKeys keys) {
        this.keys = keys;
    }

    @Override
    public byte[] encrypt(Connection connection, String aggregateId, String eventId, String payloadType,
                          byte[] payload) throws SQLException {
        try {
            return PersonalDataCipher.encrypt(payload, payloadType, eventId, () -> {
                try {
                    return keys.forAppend(connection, aggregateId);
                } catch (SQLException e) {
                    throw new KeyUnavailable(e);
                }
            });
        } catch (KeyUnavailable e) {
            throw e.getCause();
        }
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
