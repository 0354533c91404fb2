package org.journeyledger.journey.eventstore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Map;

/**
 * The hash of the last event this node appended to each recently written stream, so that the next append to the
 * stream does not read it back from the table (one query per command). Only links whose transaction committed are
 * kept: a committed event's hash never changes, so a held (stream, sequence, hash) is a fact, whoever appends next.
 * A lookup for any other sequence (another node appended since, or the held one was dropped) answers nothing and the
 * caller reads the table.
 */
final class ChainHeads {

    /** The last event of a stream: its sequence number and hash. */
    record Head(long sequence, String hash) {
    }

    private final Cache<String, Head> heads;

    ChainHeads(long maximumSize) {
        this.heads = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    /** The hash of event {@code sequence} of the stream, if it is the head this node holds; otherwise null. */
    String hashOf(String stream, long sequence) {
        Head head = heads.getIfPresent(stream);
        return head != null && head.sequence() == sequence ? head.hash() : null;
    }

    /** Holds these heads once the current transaction commits; without a transaction to follow, holds nothing. */
    void afterCommit(Map<String, Head> appended) {
        if (appended.isEmpty() || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                heads.putAll(appended);
            }
        });
    }
}
