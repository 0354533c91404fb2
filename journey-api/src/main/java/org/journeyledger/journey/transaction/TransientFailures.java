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
 * Tells failures that go away by themselves (the database or the broker unreachable, a lock or statement timeout, a
 * lost race) from failures that the same input would meet again. Ingest retries the first kind for as long as it
 * takes, since giving up would lose a good touchpoint; the second kind is retried a few times and then set aside, since
 * retrying it for ever would stop every touchpoint behind it.
 */
public final class TransientFailures {

    /**
     * PostgreSQL's SQLSTATE classes and codes that describe the server's state, not the statement: connection
     * exceptions (08), transaction rollbacks (40: serialization failure, deadlock), insufficient resources (53),
     * lock not available (55P03), statement cancelled by statement_timeout (57014), and the server shutting down or
     * starting (57P01–57P03).
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53");
    private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "57014", "57P01", "57P02", "57P03");

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
