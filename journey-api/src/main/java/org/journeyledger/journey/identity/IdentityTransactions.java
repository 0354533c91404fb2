package org.journeyledger.journey.identity;

import org.axonframework.common.AxonTransientException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs an identity decision (a confirmed or rejected match, an unmerge) in one transaction, repeating it when a
 * concurrent writer changed the same customers first: the repeat sees the other's committed result and decides again.
 */
@Component
public class IdentityTransactions {

    private static final int MAX_ATTEMPTS = 10;
    /** Deadlock detected, serialization failure: PostgreSQL rolled the transaction back so that another could go on. */
    private static final Set<String> RETRYABLE_SQL_STATES = Set.of("40P01", "40001");

    private final TransactionTemplate transaction;

    IdentityTransactions(TransactionTemplate transaction) {
        this.transaction = transaction;
    }

    public <T> T run(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(status -> work.get());
            } catch (RuntimeException e) {
                if (!isRace(e) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    /** Whether the failure means another writer got there first, so that trying again will succeed or decide anew. */
    public static boolean isRace(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IdentityChangedConcurrently || cause instanceof CustomerMergedException
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
            throw new IllegalStateException("Interrupted while retrying an identity decision", e);
        }
    }
}
