package org.journeyledger.journey.eventstore;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Turns a serialized event payload into the bytes that are stored (and hashed) for it, inside the append's
 * transaction: erasure's field-level encryption of personal data. The chain covers what this returns, so a later
 * key destruction never changes a hashed byte.
 */
public interface PayloadEncryption {

    /**
     * @param connection  the append's connection (its transaction is the append's)
     * @param aggregateId the customer whose stream the event is appended to
     * @param eventId     the ledger event id
     * @param payloadType the payload's class name as stored
     * @param payload     the payload as serialized
     * @return the bytes to store: {@code payload} itself when there is nothing to encrypt
     */
    byte[] encrypt(Connection connection, String aggregateId, String eventId, String payloadType, byte[] payload)
            throws SQLException;
}
