package org.journeyledger.journey.eventstore;

import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Loads the customers a group of commands will need in a few queries before the commands run, instead of in one or two
 * per command ({@link ReadAheadStorageEngine}): the streams of customers this node has no cached copy of, and the
 * current versions of those it has.
 */
@Component
public class CustomersReadAhead {

    private final ReadAheadStorageEngine engine;
    private final AggregateCache cache;

    CustomersReadAhead(ReadAheadStorageEngine engine, AggregateCache cache) {
        this.engine = engine;
        this.cache = cache;
    }

    /** Runs {@code work} in the caller's transaction with the customers' streams read ahead for it. */
    public <T> T during(Collection<String> customerIds, Supplier<T> work) {
        List<String> cold = new ArrayList<>();
        List<String> cached = new ArrayList<>();
        customerIds.forEach(customerId -> (cache.containsKey(customerId) ? cached : cold).add(customerId));
        engine.readAhead(cold, cached);
        try {
            return work.get();
        } finally {
            engine.stopReadingAhead();
        }
    }
}
