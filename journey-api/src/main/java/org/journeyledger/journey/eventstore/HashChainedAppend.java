package org.journeyledger.journey.eventstore;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.journeyledger.journey.ledger.HashChain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends events as Axon's JDBC engine does, plus each event's link in its customer's hash chain, computed in the
 * same statement batch and so in the same transaction as the append. The previous hash is the one of the event
 * just before in the same stream: from this batch, or read back from the table (visible to this transaction even if
 * uncommitted). Personal values are encrypted ({@link PayloadEncryption}) before hashing, so the chain covers the
 * stored ciphertext and survives the destruction of the key.
 */
final class HashChainedAppend implements AppendEventsStatementBuilder {

    private final PayloadEncryption encryption;

    HashChainedAppend(PayloadEncryption encryption) {
        this.encryption = encryption;
    }

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema.domainEventTable() + " ("
                + schema.domainEventFields() + ", hash) VALUES (?,?,?,?,?,?,?,?,?,?)");
        Map<String, String> heads = new HashMap<>();
        PayloadEncryption.Batch encrypting = encryption.batch(connection);
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = message instanceof DomainEventMessage<?> domain ? domain
                    : new GenericDomainEventMessage<>(null, message.getIdentifier(), 0L, message, message::getTimestamp);
            SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
            byte[] stored = encrypting.encrypt(event.getAggregateIdentifier(), event.getIdentifier(),
                    payload.getType().getName(), payload.getData());
            SerializedObject<byte[]> metaData = event.serializeMetaData(serializer, byte[].class);
            String timestamp = DateTimeUtils.formatInstant(event.getTimestamp());
            String previous = heads.containsKey(event.getAggregateIdentifier())
                    ? heads.get(event.getAggregateIdentifier())
                    : previousHash(connection, schema, event.getAggregateIdentifier(), event.getSequenceNumber());
            String hash = HashChain.link(previous, HashChain.canonical(event.getIdentifier(),
                    event.getAggregateIdentifier(), event.getSequenceNumber(), event.getType(),
                    payload.getType().getName(), payload.getType().getRevision(), timestamp, stored,
                    metaData.getData()));
            heads.put(event.getAggregateIdentifier(), hash);

            insert.setString(1, event.getIdentifier());
            insert.setString(2, event.getAggregateIdentifier());
            insert.setLong(3, event.getSequenceNumber());
            insert.setString(4, event.getType());
            insert.setString(5, timestamp);
            insert.setString(6, payload.getType().getName());
            insert.setString(7, payload.getType().getRevision());
            insert.setBytes(8, stored);
            insert.setBytes(9, metaData.getData());
            insert.setString(10, hash);
            insert.addBatch();
        }
        return insert;
    }

    private static String previousHash(Connection connection, EventSchema schema, String aggregateId, long sequence)
            throws SQLException {
        if (sequence == 0) {
            return HashChain.GENESIS;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT hash FROM " + schema.domainEventTable()
                + " WHERE " + schema.aggregateIdentifierColumn() + " = ? AND " + schema.sequenceNumberColumn() + " = ?")) {
            select.setString(1, aggregateId);
            select.setLong(2, sequence - 1);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("Event " + (sequence - 1) + " of stream " + aggregateId
                            + " is missing, so event " + sequence + " cannot be chained; verify the stream with"
                            + " GET /api/audit/customers/" + aggregateId + "/verify");
                }
                return row.getString(1);
            }
        }
    }
}
