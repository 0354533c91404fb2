package org.journeyledger.journey.audit;

import java.time.Instant;

/**
 * A ledger checkpoint: the digest over every customer stream's hash at one position of the ledger. Kept somewhere
 * the database's administrators cannot write, it proves later that nothing recorded up to that position was
 * rewritten, even if whole chains were recomputed — appends since then do not change it.
 *
 * @param globalIndex the ledger position: each stream contributes its last event at or before it
 * @param digest      lower-hex SHA-256 over the sorted lines {@code customerId:hash\n}
 * @param streams     how many streams contributed
 * @param takenAt     when the checkpoint was taken (null for one supplied by an auditor)
 */
public record Checkpoint(long globalIndex, String digest, long streams, Instant takenAt) {
}
