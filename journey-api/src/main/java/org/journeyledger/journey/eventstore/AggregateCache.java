package org.journeyledger.journey.eventstore;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Customer aggregates recently used on this node, so that a command does not fold the customer's whole stream again.
 * Bounded in number and held by soft references, so the cache gives way before the heap does. Whether an entry may
 * be used is decided by {@link CustomerJourneyRepository}, which checks it against the stream on every load.
 */
public final class AggregateCache implements Cache {

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;

    AggregateCache(long maximumSize) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).softValues().build();
    }

    /** Drops what this node holds in memory of a customer stream (after its erasure, say). */
    public void forget(String customerId) {
        entries.invalidate(customerId);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.getIfPresent(key);
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.asMap().putIfAbsent(key, value) == null;
    }

    @Override
    public boolean remove(Object key) {
        return entries.asMap().remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.getIfPresent(key) != null;
    }

    /** Axon's repositories never listen to their cache; refusing is clearer than listeners that are never told. */
    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("The aggregate cache does not report its entries to listeners");
    }
}
