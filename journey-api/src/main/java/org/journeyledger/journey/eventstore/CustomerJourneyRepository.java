package org.journeyledger.journey.eventstore;

import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.journeyledger.journey.customer.CustomerJourney;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Objects;

/**
 * Axon's caching repository for customers, made safe for how the ledger writes. A cached aggregate is used only when
 * its version is the stream's last sequence number as this transaction sees it; otherwise it is folded from the
 * store. That one indexed lookup covers what a cache alone gets wrong here:
 * <ul>
 *     <li>another node (or any writer but this repository) appended to the stream since;</li>
 *     <li>Axon's unit of work committed, and with it the cache, but the database transaction around it (a merge's
 *     several commands, the rest of a touchpoint's transaction) rolled back;</li>
 *     <li>Axon's per-customer lock is released when the command ends, before that transaction commits, so the next
 *     command may find in the cache events it cannot see in the database yet.</li>
 * </ul>
 * An aggregate saved in a transaction that then does not commit is also dropped from the cache at once.
 */
final class CustomerJourneyRepository extends CachingEventSourcingRepository<CustomerJourney> {

    private final AggregateCache cache;
    private final JdbcTemplate jdbc;

    CustomerJourneyRepository(EventSourcingRepository.Builder<CustomerJourney> builder, AggregateCache cache,
                              JdbcTemplate jdbc) {
        super(builder.cache(cache));
        this.cache = cache;
        this.jdbc = jdbc;
    }

    @Override
    protected EventSourcedAggregate<CustomerJourney> doLoadWithLock(String customerId, Long expectedVersion) {
        if (cache.containsKey(customerId)) {
            EventSourcedAggregate<CustomerJourney> cached = super.doLoadWithLock(customerId, expectedVersion);
            if (Objects.equals(cached.version(), storedVersion(customerId))) {
                return cached;
            }
            cache.remove(customerId);
        }
        return super.doLoadWithLock(customerId, expectedVersion);
    }

    @Override
    protected void doSaveWithLock(EventSourcedAggregate<CustomerJourney> aggregate) {
        super.doSaveWithLock(aggregate);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            String customerId = aggregate.identifierAsString();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        cache.remove(customerId);
                    }
                }
            });
        }
    }

    private Long storedVersion(String customerId) {
        Long readAhead = ReadAheadStorageEngine.lastSequence(customerId);
        if (readAhead != null) {
            return readAhead;
        }
        return jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, customerId);
    }
}
