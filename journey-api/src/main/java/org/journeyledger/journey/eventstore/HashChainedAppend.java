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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends events as Axon's JDBC engine does, plus each event's link in its customer's hash chain, computed in the
 * same statement batch and so in the same transaction as the append. The previous hash is the one of the event
 * just before in the same stream: from this batch, or read back from the table (visible to this transaction even if
 * uncommitted), for all streams of the batch in one statement. Personal values are encrypted
 * ({@link PayloadEncryption}) before hashing, so the chain covers the stored ciphertext and survives the destruction of
 * the key.
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
        List<DomainEventMessage<?>> domainEvents = new ArrayList<>(events.size());
        Map<String, Long> firstSequence = new LinkedHashMap<>();
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = message instanceof DomainEventMessage<?> domain ? domain
                    : new GenericDomainEventMessage<>(null, message.getIdentifier(), 0L, message, message::getTimestamp);
            domainEvents.add(event);
            firstSequence.putIfAbsent(event.getAggregateIdentifier(), event.getSequenceNumber());
        }
        Map<String, String> heads = previousHashes(connection, schema, firstSequence);
        PayloadEncryption.Batch encrypting = encryption.batch(connection, firstSequence.keySet());
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema.domainEventTable() + " ("
                + schema.domainEventFields() + ", hash) VALUES (?,?,?,?,?,?,?,?,?,?)");
        for (DomainEventMessage<?> event : domainEvents) {
            SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
            byte[] stored = encrypting.encrypt(event.getAggregateIdentifier(), event.getIdentifier(),
                    payload.getType().getName(), payload.getData());
            SerializedObject<byte[]> metaData = event.serializeMetaData(serializer, byte[].class);
            String timestamp = DateTimeUtils.formatInstant(event.getTimestamp());
            String hash = HashChain.link(heads.get(event.getAggregateIdentifier()), HashChain.canonical(
                    event.getIdentifier(), event.getAggregateIdentifier(), event.getSequenceNumber(), event.getType(),
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

    /**
     * The hash each stream's chain continues from: the genesis for a new stream, else that of the event just before
     * the batch's first, all read in one statement.
     */
    private static Map<String, String> previousHashes(Connection connection, EventSchema schema,
                                                      Map<String, Long> firstSequence) throws SQLException {
        Map<String, String> heads = new HashMap<>();
        List<String> ids = new ArrayList<>();
        List<Long> previous = new ArrayList<>();
        firstSequence.forEach((aggregateId, sequence) -> {
            if (sequence == 0) {
                heads.put(aggregateId, HashChain.GENESIS);
            } else {
                ids.add(aggregateId);
                previous.add(sequence - 1);
            }
        });
        if (!ids.isEmpty()) {
            try (PreparedStatement select = connection.prepareStatement("SELECT e." + schema.aggregateIdentifierColumn()
                    + ", e.hash FROM " + schema.domainEventTable() + " e JOIN unnest(?, ?) AS wanted(id, seq)"
                    + " ON e." + schema.aggregateIdentifierColumn() + " = wanted.id AND e."
                    + schema.sequenceNumberColumn() + " = wanted.seq")) {
                select.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
                select.setArray(2, connection.createArrayOf("bigint", previous.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        heads.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
        }
        for (int i = 0; i < ids.size(); i++) {
            if (!heads.containsKey(ids.get(i))) {
                throw new IllegalStateException("Event " + previous.get(i) + " of stream " + ids.get(i)
                        + " is missing, so event " + (previous.get(i) + 1) + " cannot be chained; verify the stream"
                        + " with GET /api/audit/customers/" + ids.get(i) + "/verify");
            }
        }
        return heads;
    }
}
