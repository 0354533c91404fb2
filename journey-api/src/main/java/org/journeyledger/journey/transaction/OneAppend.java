package org.journeyledger.journey.transaction;

import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.function.Supplier;

/**
 * Runs work that sends several commands (a group of touchpoints) in one Axon unit of work, so that the events of all
 * of them are appended to the event store in one statement batch when the work is done, instead of one append per
 * command: one round of the hash chain's and the data keys' lookups per customer, one batch of inserts. Each command
 * still runs in its own (nested) unit of work and sees the aggregates as the commands before it left them.
 * <p>
 * Must run inside the caller's database transaction: the append joins it, and a failure anywhere rolls back the unit
 * of work (nothing is appended) and is thrown for the transaction to roll back too. Customers loaded by the commands
 * stay locked on this node until the append is done.
 */
public final class OneAppend {

    private OneAppend() {
    }

    public static <T> T run(Supplier<T> work) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            unitOfWork.rollback(e);
            throw e;
        }
        unitOfWork.commit();
        return result;
    }
}
