package org.journeyledger.journey.transaction;

import org.axonframework.common.AxonTransientException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.journeyledger.journey.identity.CustomerMergedException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a write in one transaction, repeating it when a concurrent writer got there first: two first touchpoints with
 * the same new email, two nodes appending to one customer, two merges of overlapping customers. The loser rolls back
 * whole, and the repeat sees the winner's committed result and decides again, so nothing is stored twice or half.
 */
@Component
public class RetriedTransactions {

    private static final int MAX_ATTEMPTS = 10;
    /** Deadlock detected, serialization failure: PostgreSQL rolled the transaction back so that another could go on. */
    private static final Set<String> RETRYABLE_SQL_STATES = Set.of("40P01", "40001");

    private final TransactionTemplate transaction;

    RetriedTransactions(TransactionTemplate transaction) {
        this.transaction = transaction;
    }

    public <T> T run(Supplier<T> work) {
        return run(work, race -> {
        });
    }

    /** @param onRetry told of each lost race before the repeat (for logs and metrics) */
    public <T> T run(Supplier<T> work, Consumer<RuntimeException> onRetry) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(status -> work.get());
            } catch (RuntimeException e) {
                if (!isRace(e) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                onRetry.accept(e);
                pause(attempt);
            }
        }
    }

    /** Whether the failure means another writer got there first, so that trying again will succeed or decide anew. */
    static boolean isRace(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrentChange || cause instanceof CustomerMergedException
                    || cause instanceof DuplicateKeyException || cause instanceof ConcurrencyFailureException
                    || cause instanceof AxonTransientException || cause instanceof AggregateStreamCreationException
                    || cause instanceof SQLException sql && RETRYABLE_SQL_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while repeating a transaction", e);
        }
    }
}
