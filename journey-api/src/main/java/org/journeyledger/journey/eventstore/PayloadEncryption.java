package org.journeyledger.journey.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Turns serialized event payloads into the bytes that are stored (and hashed) for them, inside the append's
 * transaction: erasure's field-level encryption of personal data. The chain covers what this returns, so a later
 * key destruction never changes a hashed byte.
 */
public interface PayloadEncryption {

    /**
     * The encryption of one append batch on {@code connection}, whose transaction is the append's.
     *
     * @param customerIds the customers whose streams the batch appends to: their keys are looked up together
     */
    Batch batch(Connection connection, Collection<String> customerIds) throws SQLException;

    /** Encrypts the events of one append batch. */
    interface Batch {

        /**
         * @param aggregateId the customer whose stream the event is appended to
         * @param eventId     the ledger event id
         * @param payloadType the payload's class name as stored
         * @param payload     the payload as serialized
         * @return the bytes to store: {@code payload} itself when there is nothing to encrypt
         */
        byte[] encrypt(String aggregateId, String eventId, String payloadType, byte[] payload) throws SQLException;
    }
}
