package org.journeyledger.journey.context;

import org.journeyledger.journey.context.CustomerContextStore.Versioned;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The context documents the projection wrote last, kept between batches with the version they were written with, so
 * that the next batch of the same customer does not parse its document again (parsing and writing documents were half
 * of the projection's time in a replay). A batch <em>takes</em> its customers' documents out and puts them back only
 * after its transaction committed: a batch that fails has changed its copies, and they must not be seen again.
 * Whether a copy is still current is decided by the stored version ({@link CustomerContextStore#findChanged}), never
 * by this cache, so a write by another node or a restart costs a parse, not a wrong document.
 * <p>
 * Bounded by number of documents and by their size as written (their JSON's characters), least recently written
 * dropped first: a document grows with its customer's history, and at 100,000 customers with a few dozen touchpoints
 * each a bound by number alone filled a 512 MiB heap with documents (see docs/performance.md). Each customer's
 * events are handled by one segment at a time, but segments run on several threads, hence the lock.
 */
final class ContextCache {

    private final int capacity;
    private final long budget;
    private final LinkedHashMap<String, Versioned> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long held;

    /**
     * @param capacity most documents held
     * @param budget   most characters of JSON the held documents were written as
     */
    ContextCache(int capacity, long budget) {
        this.capacity = capacity;
        this.budget = budget;
    }

    /** Removes and returns the copies held of those customers. */
    synchronized Map<String, Versioned> take(Collection<String> customerIds) {
        Map<String, Versioned> taken = new HashMap<>();
        for (String customerId : customerIds) {
            Versioned entry = entries.remove(customerId);
            if (entry != null) {
                held -= entry.size();
                taken.put(customerId, entry);
            }
        }
        return taken;
    }

    /** Keeps copies of documents just committed with these versions. */
    synchronized void putAll(Collection<Versioned> written) {
        if (capacity <= 0 || budget <= 0) {
            return;
        }
        for (Versioned entry : written) {
            Versioned replaced = entries.put(entry.context().customerId, entry);
            held += entry.size() - (replaced == null ? 0 : replaced.size());
        }
        Iterator<Versioned> eldest = entries.values().iterator();
        while (eldest.hasNext() && (entries.size() > capacity || held > budget)) {
            held -= eldest.next().size();
            eldest.remove();
        }
    }

    synchronized void clear() {
        entries.clear();
        held = 0;
    }
}
