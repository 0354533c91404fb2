package org.journeyledger.journey.context;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.journeyledger.journey.context.CustomerContextStore.Versioned;
import org.journeyledger.journey.identity.CustomerRestoredEvent;
import org.journeyledger.journey.identity.CustomerStreams;
import org.journeyledger.journey.identity.CustomersMergedEvent;
import org.journeyledger.journey.identity.CustomersUnmergedEvent;
import org.journeyledger.journey.identity.EffectiveHistory;
import org.journeyledger.journey.readmodel.Processors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps each customer's {@link CustomerContext} document up to date as events are recorded.
 * <p>
 * The processor hands events over in batches, each in one unit of work and one transaction. Reading, decoding,
 * encoding and writing a customer's whole document for every event made that the cost of a replay, so a batch reads
 * the documents of all its customers in one query, folds its events into them in memory and writes every touched
 * document once, in one JDBC batch, when the unit of work prepares to commit. Documents it wrote are kept in a
 * {@link ContextCache} after the commit, so that the customer's next batch needs only the stored version, not the
 * document. A batch that fails is rolled back and its documents dropped with the unit of work; the retry reads them
 * afresh.
 */
@Component
@ProcessingGroup(Processors.CUSTOMER_CONTEXT)
class CustomerContextProjection {

    /** The unit of work's resource: this batch's documents. */
    private static final String BATCH = CustomerContextProjection.class.getName() + ".batch";

    private final CustomerContextStore store;
    private final CustomerStreams streams;
    private final JdbcTemplate jdbc;
    private final ContextCache cache;

    CustomerContextProjection(CustomerContextStore store, CustomerStreams streams, JdbcTemplate jdbc,
                              @Value("${journey.context.cached-documents:5000}") int cachedDocuments,
                              @Value("${journey.context.cached-documents-size:16MB}") DataSize cachedSize) {
        this.store = store;
        this.streams = streams;
        this.jdbc = jdbc;
        this.cache = new ContextCache(cachedDocuments, cachedSize.toBytes());
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
        Batch batch = CurrentUnitOfWork.map(unitOfWork -> batch(unitOfWork.root())).orElse(null);
        CustomerContext context;
        if (refoldsHistory(payload)) {
            context = CustomerContext.folded(customerId, EffectiveHistory.through(message, streams));
        } else {
            context = batch == null ? stored(customerId) : batch.document(customerId);
            if (context.needsOrders(payload)) {
                store.loadOrders(context);
            }
            context.apply(payload, message.getIdentifier(), message.getTimestamp());
        }
        if (batch == null) {
            store.save(context);
        } else {
            batch.pending.put(customerId, context);
        }
    }

    private static boolean refoldsHistory(Object payload) {
        return payload instanceof CustomersMergedEvent || payload instanceof CustomersUnmergedEvent
                || payload instanceof CustomerRestoredEvent;
    }

    private CustomerContext stored(String customerId) {
        return store.find(customerId).orElseGet(() -> CustomerContext.empty(customerId));
    }

    /**
     * The batch's documents, created on its first event: the stored versions of all the customers whose events are in
     * the batch, read in one query (instead of one per customer) together with the documents the cache does not hold
     * in that version. Nothing of this batch is written before it commits, so they are still current when each
     * customer's first event comes. Sorted by customer id so that every flush locks its rows in the same order.
     */
    private Batch batch(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Set<String> customers = new LinkedHashSet<>();
            if (unitOfWork instanceof BatchingUnitOfWork<?> messages) {
                messages.getMessages().forEach(message -> {
                    if (message instanceof DomainEventMessage<?> event) {
                        customers.add(event.getAggregateIdentifier());
                    }
                });
            }
            Batch batch = new Batch();
            batch.read(customers);
            unitOfWork.onPrepareCommit(committing -> batch.written = batch.write());
            unitOfWork.afterCommit(committed -> cache.putAll(batch.written));
            return batch;
        });
    }

    /** One processing batch's documents: as read, and as folded so far. */
    private final class Batch {
        /** The customers whose rows were asked for. */
        private final Set<String> asked = new HashSet<>();
        /** The version each customer's row had when the batch began; absent: no row. */
        private final Map<String, Long> versions = new HashMap<>();
        /** Documents read and not yet folded into. */
        private final Map<String, CustomerContext> unused = new HashMap<>();
        private final Map<String, CustomerContext> pending = new TreeMap<>();
        private List<Versioned> written = List.of();

        private void read(Set<String> customers) {
            asked.addAll(customers);
            if (customers.isEmpty()) {
                return;
            }
            Map<String, Versioned> held = cache.take(customers);
            Map<String, Long> known = new HashMap<>();
            held.forEach((customerId, copy) -> known.put(customerId, copy.version()));
            store.findChanged(customers, known).forEach((customerId, stored) -> {
                versions.put(customerId, stored.version());
                unused.put(customerId, stored.document() != null ? stored.document()
                        : held.get(customerId).context());
            });
        }

        /** The customer's document as folded so far in this batch, as stored, or empty for a new customer. */
        private CustomerContext document(String customerId) {
            CustomerContext folded = pending.get(customerId);
            if (folded != null) {
                return folded;
            }
            CustomerContext stored = unused.remove(customerId);
            if (stored != null) {
                return stored;
            }
            if (!asked.contains(customerId)) {
                // Not among the batch's messages when they were listed: ask for it alone.
                read(Set.of(customerId));
                stored = unused.remove(customerId);
            }
            return stored != null ? stored : CustomerContext.empty(customerId);
        }

        /**
         * Writes the folded documents, and returns those whose version after the write is known: a document that had
         * a row gets the next version; a new row's version is only known once it has been read.
         */
        private List<Versioned> write() {
            Map<String, Integer> sizes = store.saveAll(pending.values());
            return pending.values().stream()
                    .filter(context -> versions.containsKey(context.customerId))
                    .map(context -> new Versioned(context, versions.get(context.customerId) + 1,
                            sizes.get(context.customerId)))
                    .toList();
        }
    }

    /**
     * Axon calls this from a token reset, outside any batch; should a unit of work be active all the same, its pending
     * documents must not be written back over the emptied table.
     */
    @ResetHandler
    void reset() {
        CurrentUnitOfWork.ifStarted(unitOfWork -> {
            Batch batch = unitOfWork.root().getResource(BATCH);
            if (batch != null) {
                batch.pending.clear();
                batch.unused.clear();
            }
        });
        cache.clear();
        jdbc.update("DELETE FROM customer_context");
        jdbc.update("DELETE FROM customer_purchase");
    }
}
