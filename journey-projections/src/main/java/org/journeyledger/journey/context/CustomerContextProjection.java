package org.journeyledger.journey.context;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.journeyledger.journey.identity.CustomerRestoredEvent;
import org.journeyledger.journey.identity.CustomerStreams;
import org.journeyledger.journey.identity.CustomersMergedEvent;
import org.journeyledger.journey.identity.CustomersUnmergedEvent;
import org.journeyledger.journey.identity.EffectiveHistory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps each customer's {@link CustomerContext} document up to date as events are recorded.
 * <p>
 * The processor hands events over in batches, each in one unit of work and one transaction. Reading, decoding,
 * encoding and writing a customer's whole document for every event made that the cost of a replay, so a batch folds
 * its events into documents held by the unit of work (each read at most once) and writes every touched document once,
 * in one JDBC batch, when the unit of work prepares to commit. A batch that fails is rolled back and its documents
 * dropped with the unit of work; the retry reads them afresh.
 */
@Component
@ProcessingGroup(CustomerContextProjection.PROCESSING_GROUP)
class CustomerContextProjection {

    static final String PROCESSING_GROUP = "customer-context";

    /** The unit of work's resource: the documents this batch has folded and not yet written, by customer id. */
    private static final String PENDING = CustomerContextProjection.class.getName() + ".pending";
    /** The unit of work's resource: the stored documents of the batch's customers, read in one query. */
    private static final String STORED = CustomerContextProjection.class.getName() + ".stored";

    private final CustomerContextStore store;
    private final CustomerStreams streams;
    private final JdbcTemplate jdbc;

    CustomerContextProjection(CustomerContextStore store, CustomerStreams streams, JdbcTemplate jdbc) {
        this.store = store;
        this.streams = streams;
        this.jdbc = jdbc;
    }

    /**
     * Every event of a customer's stream folds into that customer's context; the fold ignores what it does not know.
     * A merge or its undoing changes which history the customer has, so the context is folded anew from the
     * {@link EffectiveHistory} up to that event (read from the event store, which the documents pending in this batch
     * do not affect), and replaces the document folded so far.
     */
    @EventHandler
    void on(Object payload, DomainEventMessage<?> message) {
        String customerId = message.getAggregateIdentifier();
        // Without a unit of work (a direct call) there is no batch to gather: read, fold and write at once.
        Map<String, CustomerContext> pending = CurrentUnitOfWork.map(unitOfWork -> pending(unitOfWork.root()))
                .orElse(null);
        CustomerContext context;
        if (refoldsHistory(payload)) {
            context = CustomerContext.folded(customerId, EffectiveHistory.through(message, streams));
        } else {
            context = pending == null ? stored(customerId)
                    : pending.computeIfAbsent(customerId, id -> storedForBatch(CurrentUnitOfWork.get().root(), id));
            context.apply(payload, message.getIdentifier(), message.getTimestamp());
        }
        if (pending == null) {
            store.save(context);
        } else {
            pending.put(customerId, context);
        }
    }

    private static boolean refoldsHistory(Object payload) {
        return payload instanceof CustomersMergedEvent || payload instanceof CustomersUnmergedEvent
                || payload instanceof CustomerRestoredEvent;
    }

    private CustomerContext stored(String customerId) {
        return store.find(customerId).orElseGet(() -> CustomerContext.empty(customerId));
    }

    /** Documents read for a batch, and which customers were asked for (a customer without a document is new). */
    private record Stored(Set<String> asked, Map<String, CustomerContext> documents) {
    }

    /**
     * The customer's stored document as the batch began: on the batch's first need, the documents of all the
     * customers whose events are in the batch are read in one query, instead of one query per customer (replays
     * and catching up were waiting on those round trips). Nothing of this batch is written before it commits, so
     * the documents are still current when each customer's first event comes.
     */
    private CustomerContext storedForBatch(UnitOfWork<?> unitOfWork, String customerId) {
        Stored stored = unitOfWork.getOrComputeResource(STORED, key -> {
            Set<String> customers = new HashSet<>();
            if (unitOfWork instanceof BatchingUnitOfWork<?> batch) {
                batch.getMessages().forEach(message -> {
                    if (message instanceof DomainEventMessage<?> event) {
                        customers.add(event.getAggregateIdentifier());
                    }
                });
            }
            return new Stored(customers, customers.isEmpty() ? new HashMap<>() : store.findAll(customers));
        });
        if (!stored.asked().contains(customerId)) {
            return stored(customerId);
        }
        CustomerContext document = stored.documents().remove(customerId);
        return document != null ? document : CustomerContext.empty(customerId);
    }

    /**
     * The unit of work's pending documents, created with the one flush that writes them. Sorted by customer id so
     * that every flush locks its rows in the same order.
     */
    private Map<String, CustomerContext> pending(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(PENDING, key -> {
            Map<String, CustomerContext> pending = new TreeMap<>();
            unitOfWork.onPrepareCommit(committing -> store.saveAll(pending.values()));
            return pending;
        });
    }

    /**
     * Axon calls this from a token reset, outside any batch; should a unit of work be active all the same, its pending
     * documents must not be written back over the emptied table.
     */
    @ResetHandler
    void reset() {
        CurrentUnitOfWork.ifStarted(unitOfWork -> {
            Map<String, CustomerContext> pending = unitOfWork.root().getResource(PENDING);
            if (pending != null) {
                pending.clear();
            }
            Stored stored = unitOfWork.root().getResource(STORED);
            if (stored != null) {
                stored.asked().clear();
                stored.documents().clear();
            }
        });
        jdbc.update("DELETE FROM customer_context");
    }
}
