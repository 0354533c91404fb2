package org.journeyledger.journey.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.journeyledger.journey.customer.CustomerJourney;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Snapshots of customers, so that loading one whose state is in no cache (another node wrote last, the cache gave it
 * up) reads its latest snapshot and the events after it instead of its whole stream: without them a load costs the
 * customer's whole history, and ingest slows down as streams grow (measured in docs/performance.md).
 * <p>
 * Every {@code journey.ingest.snapshot-every} events applied to a customer, Axon's snapshotter folds the customer from
 * its latest snapshot and the events since, in its own transaction on one background thread, and stores the result
 * sealed ({@link SnapshotProtection}). Taking a snapshot never holds up a command, and a snapshot holds only
 * committed events: it is taken from what the store holds, once the writer's transaction has ended, not from the
 * aggregate in memory.
 */
final class CustomerSnapshots implements AutoCloseable {

    private final int every;
    private final SnapshotProtection protection;
    private final TransactionManager transactions;
    /**
     * Unbounded, yet small: Axon queues at most one snapshot per customer at a time (it ignores a request while one
     * for the same customer is pending), and a rejected request would leave that customer marked pending for good.
     */
    private final ThreadPoolExecutor executor;

    CustomerSnapshots(int every, SnapshotProtection protection, TransactionManager transactions,
                      MeterRegistry meters) {
        this.every = every;
        this.protection = protection;
        this.transactions = transactions;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "customer-snapshots");
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("journey.snapshots.pending", executor, pool -> pool.getQueue().size())
                .description("Customer snapshots requested and not yet taken").register(meters);
    }

    /** The trigger for the customers' repository, or none when {@code snapshot-every} is 0 (snapshots off). */
    Optional<SnapshotTriggerDefinition> trigger(Configuration configuration, AggregateModel<CustomerJourney> model) {
        if (every <= 0) {
            return Optional.empty();
        }
        AggregateSnapshotter.Builder builder = AggregateSnapshotter.builder()
                .eventStore(configuration.eventStore())
                .aggregateFactories(new GenericAggregateFactory<>(model))
                .repositoryProvider(configuration::repository)
                .parameterResolverFactory(configuration.parameterResolverFactory())
                .handlerDefinition(configuration.handlerDefinition(CustomerJourney.class))
                .transactionManager(transactions)
                .executor(this::afterTransaction);
        AggregateSnapshotter snapshotter = new AggregateSnapshotter(builder) {
            // No key: the customer is erased (nothing could seal the snapshot) or its first events never committed.
            @Override
            protected Runnable createSnapshotterTask(Class<?> aggregateType, String aggregateIdentifier) {
                Runnable task = super.createSnapshotterTask(aggregateType, aggregateIdentifier);
                return () -> {
                    if (protection.canSeal(aggregateIdentifier)) {
                        task.run();
                    }
                };
            }
        };
        return Optional.of(new EventCountSnapshotTriggerDefinition(snapshotter, every));
    }

    /**
     * Axon asks for a snapshot when its unit of work commits, which in the ledger is before the database
     * transaction around it does (a group of touchpoints, a merge): the request waits for that transaction to end,
     * committed or not, so that the snapshot reads what it wrote. It runs either way, so that Axon's note of a
     * pending snapshot is always cleared.
     */
    private void afterTransaction(Runnable request) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            executor.execute(request);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                executor.execute(request);
            }
        });
    }

    /** Snapshots not yet taken are dropped: they are only ever a shortcut. */
    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
