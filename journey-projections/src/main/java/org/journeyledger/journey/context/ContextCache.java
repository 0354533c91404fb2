package org.journeyledger.journey.context;

import org.journeyledger.journey.context.CustomerContextStore.Versioned;

import java.util.Collection;
import java.util.HashMap;
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
 * Bounded by number of documents, least recently written dropped first. Each customer's events are handled by one
 * segment at a time, but segments run on several threads, hence the lock.
 */
final class ContextCache {

    private final int capacity;
    private final LinkedHashMap<String, Versioned> entries;

    ContextCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Versioned> eldest) {
                return size() > ContextCache.this.capacity;
            }
        };
    }

    /** Removes and returns the copies held of those customers. */
    synchronized Map<String, Versioned> take(Collection<String> customerIds) {
        Map<String, Versioned> taken = new HashMap<>();
        for (String customerId : customerIds) {
            Versioned entry = entries.remove(customerId);
            if (entry != null) {
                taken.put(customerId, entry);
            }
        }
        return taken;
    }

    /** Keeps copies of documents just committed with these versions. */
    synchronized void putAll(Collection<Versioned> written) {
        if (capacity <= 0) {
            return;
        }
        written.forEach(entry -> entries.put(entry.context().customerId, entry));
    }

    synchronized void clear() {
        entries.clear();
    }
}
