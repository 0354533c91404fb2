package org.journeyledger.journey.transaction;

import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells failures of the surroundings, which go away once the surroundings are mended (the database or the broker
 * unreachable, a lock or statement timeout, a schema being migrated, a lost race), from failures that the same input
 * would meet again (its data refused by a column, a bug it triggers). Ingest retries the first kind for as long as it
 * takes, since giving up would lose a good touchpoint; the second kind is retried a few times and then set aside, since
 * retrying it for ever would stop every touchpoint behind it.
 */
public final class TransientFailures {

    /**
     * PostgreSQL's SQLSTATE classes and codes that describe the server or the schema, not the data of the statement
     * (which is always bound as parameters, so a record cannot change our SQL): connection exceptions (08),
     * authorization (28), read-only transaction after a fail-over (25006), no such database (3D000), transaction
     * rollbacks (40: serialization failure, deadlock), the statement against a schema that is not there yet or any
     * more (42: a table renamed or a migration half way), insufficient resources (53), lock not available (55P03),
     * operator intervention (57: statement_timeout, the server shutting down or starting) and system errors (58: I/O).
     * Data exceptions (22), constraint violations (23) and raised exceptions (P0) are the record's own.
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "28", "40", "42", "53", "57", "58");
    private static final Set<String> TRANSIENT_STATES = Set.of("25006", "3D000", "55P03");

    private TransientFailures() {
    }

    /** Whether anything in the failure's cause chain says that trying the same work again later can succeed. */
    public static boolean isTransient(Throwable failure) {
        if (RetriedTransactions.isRace(failure)) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                    || cause instanceof RetriableException
                    || cause instanceof SQLException sql && isTransientState(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static boolean isTransientState(String state) {
        return state != null && state.length() == 5
                && (TRANSIENT_CLASSES.contains(state.substring(0, 2)) || TRANSIENT_STATES.contains(state));
    }
}
