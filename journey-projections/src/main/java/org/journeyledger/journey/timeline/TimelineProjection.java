package org.journeyledger.journey.timeline;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.journeyledger.journey.conversation.ConversationHandedOverEvent;
import org.journeyledger.journey.identity.CustomerRestoredEvent;
import org.journeyledger.journey.identity.CustomerStreams;
import org.journeyledger.journey.identity.CustomersMergedEvent;
import org.journeyledger.journey.identity.CustomersUnmergedEvent;
import org.journeyledger.journey.identity.EffectiveHistory;
import org.journeyledger.journey.erasure.CustomerErasedEvent;
import org.journeyledger.journey.erasure.PersonalData;
import org.journeyledger.journey.offer.OfferClearedEvent;
import org.journeyledger.journey.offer.OfferSuppressedEvent;
import org.journeyledger.journey.readmodel.Processors;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Adds one {@code timeline_entry} row per recorded touchpoint (and per offer check), shown on the timeline of the
 * customer that answers for its stream today.
 * <p>
 * The rows a processing batch adds are sent in one JDBC batch when the batch commits (one round trip per event made
 * replays and catching up database-bound). A handover, a merge or an erasure updates or reads rows that earlier
 * events of the same batch added, so those handlers first send the rows gathered so far.
 * <p>
 * It runs in the processor of the context documents ({@link Processors#CUSTOMER_CONTEXT}): a batch's timeline rows
 * and documents are written in the same transaction, from events read and decoded once for both.
 */
@Component
@ProcessingGroup(Processors.CUSTOMER_CONTEXT)
class TimelineProjection {

    /**
     * The customer whose timeline shows an entry of a stream: the stream's customer, or the survivor that absorbed
     * it. Read from the write side's registry, which a merge updates before its events can be seen here, so an entry
     * of an absorbed stream that is folded late still lands on the survivor's timeline.
     */
    private static final String CURRENT_OWNER = "COALESCE((SELECT root_id FROM customer WHERE customer_id = ?), ?)";
    private static final String INSERT = """
            INSERT INTO timeline_entry (event_id, customer_id, owner_id, occurred_at, recorded_at, source,
                                        source_event_id, channel, type, conversation_id, actor, data)
            VALUES (?, ?, %s, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (event_id) DO NOTHING
            """.formatted(CURRENT_OWNER);
    /** The unit of work's resource: the rows this batch has added and not yet sent. */
    private static final String PENDING = TimelineProjection.class.getName() + ".pending";

    private final JdbcTemplate jdbc;
    private final CustomerStreams streams;

    TimelineProjection(JdbcTemplate jdbc, CustomerStreams streams) {
        this.jdbc = jdbc;
        this.streams = streams;
    }

    /** The absorbed customer's entries now show on the survivor's timeline (or on whoever absorbed the survivor). */
    @EventHandler
    void on(CustomersMergedEvent event) {
        reassign(EffectiveHistory.absorbedBy(event, streams), event.customerId().value());
    }

    /** Undoing a merge: the restored customer's history, and what the survivor recorded for it, go back to it. */
    @EventHandler
    void on(CustomerRestoredEvent event) {
        reassign(EffectiveHistory.of(event.customerId().value(), streams), event.customerId().value());
    }

    /**
     * The events the survivor recorded for the restored customer. (Also handled here, in the survivor's stream order,
     * because they may be folded after the restored customer's own {@link CustomerRestoredEvent}.)
     */
    @EventHandler
    void on(CustomersUnmergedEvent event) {
        reassign(event.reassignedEventIds(), event.restoredCustomerId().value());
    }

    private void reassign(List<DomainEventMessage<?>> history, String customerId) {
        reassign(history.stream().map(DomainEventMessage::getIdentifier).toList(), customerId);
    }

    private void reassign(Collection<String> events, String customerId) {
        flush();
        String[] eventIds = events.toArray(String[]::new);
        jdbc.update("UPDATE timeline_entry SET owner_id = " + CURRENT_OWNER + " WHERE event_id = ANY (?)",
                customerId, customerId, eventIds);
    }

    @EventHandler
    void on(TouchpointRecordedEvent event, EventMessage<?> message) {
        String customerId = event.customerId().value();
        add(message.getIdentifier(), customerId, customerId, customerId, Timestamp.from(event.occurredAt()),
                Timestamp.from(message.getTimestamp()), event.source(), event.sourceEventId(), event.channel(),
                event.type(), event.conversationId(), event.actor(), ReadModelJson.write(event.data()));
    }

    /** Marks the touchpoint that moved a conversation to another channel, so the timeline shows the handover. */
    @EventHandler
    void on(ConversationHandedOverEvent event) {
        flush();
        jdbc.update("UPDATE timeline_entry SET handover_from = ? WHERE event_id = ?", event.fromChannel(),
                event.origin().touchpointEventId());
    }

    /**
     * An offer check is not a touchpoint, but it is part of what happened with the customer: the channel that asked,
     * the answer and why. It shows on the timeline as the ledger's own entry.
     */
    @EventHandler
    void on(OfferSuppressedEvent event, EventMessage<?> message) {
        ObjectNode data = offerData(event.offerId(), event.skus(), event.purpose());
        ArrayNode reasons = data.putArray("reasons");
        event.reasons().forEach(reason -> reasons.add(ReadModelJson.mapper().valueToTree(reason)));
        insertLedgerEntry(message, event.customerId().value(), event.checkId(), event.channel(), "offer_suppressed",
                event.checkedAt(), data);
    }

    @EventHandler
    void on(OfferClearedEvent event, EventMessage<?> message) {
        insertLedgerEntry(message, event.customerId().value(), event.checkId(), event.channel(), "offer_cleared",
                event.checkedAt(), offerData(event.offerId(), event.skus(), event.purpose()));
    }

    /**
     * The customer was erased: the personal fields of their touchpoints' data read as {@link PersonalData#ERASED}
     * (as a replay, which can no longer decrypt them, would write them), and the erasure is the ledger's own entry.
     */
    @EventHandler
    void on(CustomerErasedEvent event, EventMessage<?> message) {
        String customerId = event.customerId().value();
        flush();
        jdbc.query("SELECT event_id, type, data::text FROM timeline_entry WHERE customer_id = ?"
                        + " AND source <> 'journey-ledger'",
                (row, n) -> new Object[]{row.getString(1), row.getString(2), row.getString(3)}, customerId)
                .forEach(row -> jdbc.update("UPDATE timeline_entry SET data = ?::jsonb WHERE event_id = ?",
                        erased((String) row[1], (String) row[2]), row[0]));
        ObjectNode data = ReadModelJson.mapper().createObjectNode();
        data.put("reason", event.reason());
        insertLedgerEntry(message, customerId, message.getIdentifier(), "other", "customer_erased",
                event.erasedAt(), data);
    }

    private static String erased(String type, String json) {
        try {
            ObjectNode data = (ObjectNode) ReadModelJson.mapper().readTree(json);
            for (JsonPointer field : PersonalData.inTouchpointData(type, data)) {
                JsonNode value = data.at(field);
                data.set(field.getMatchingProperty(),
                        value.isTextual() ? TextNode.valueOf(PersonalData.ERASED) : NullNode.getInstance());
            }
            return ReadModelJson.write(data);
        } catch (JsonProcessingException | ClassCastException e) {
            return "{}";
        }
    }

    private static ObjectNode offerData(String offerId, List<String> skus, String purpose) {
        ObjectNode data = ReadModelJson.mapper().createObjectNode();
        data.put("offerId", offerId);
        data.put("purpose", purpose);
        skus.forEach(data.putArray("skus")::add);
        return data;
    }

    private void insertLedgerEntry(EventMessage<?> message, String customerId, String checkId, String channel,
                                   String type, Instant at, ObjectNode data) {
        add(message.getIdentifier(), customerId, customerId, customerId, Timestamp.from(at),
                Timestamp.from(message.getTimestamp()), "journey-ledger", checkId, channel, type, null, null,
                ReadModelJson.write(data));
    }

    /** Adds a row: with the batch's rows when there is a batch, at once when called directly. */
    private void add(Object... row) {
        List<Object[]> pending = CurrentUnitOfWork.map(unitOfWork -> pending(unitOfWork.root())).orElse(null);
        if (pending == null) {
            jdbc.update(INSERT, row);
        } else {
            pending.add(row);
        }
    }

    private List<Object[]> pending(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(PENDING, key -> {
            List<Object[]> rows = new ArrayList<>();
            unitOfWork.onPrepareCommit(committing -> send(rows));
            return rows;
        });
    }

    /** Sends the rows this batch has added so far, before a handler changes or reads rows. */
    private void flush() {
        CurrentUnitOfWork.ifStarted(unitOfWork -> {
            List<Object[]> rows = unitOfWork.root().getResource(PENDING);
            if (rows != null) {
                send(rows);
            }
        });
    }

    private void send(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT, rows);
            rows.clear();
        }
    }

    /** Called from a token reset, outside any batch; rows gathered before must not be sent after the delete. */
    @ResetHandler
    void reset() {
        CurrentUnitOfWork.ifStarted(unitOfWork -> {
            List<Object[]> rows = unitOfWork.root().getResource(PENDING);
            if (rows != null) {
                rows.clear();
            }
        });
        jdbc.update("DELETE FROM timeline_entry");
    }
}
