package org.journeyledger.journey.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tamper-evident chain over each customer's event stream: every stored event carries
 * {@code hash = SHA-256(previousHash + "\n" + canonical(event))}, where the first event of a stream follows
 * {@link #GENESIS}. Changing, removing or reordering any stored event breaks every hash after it.
 * <p>
 * The canonical form hashes the bytes as stored (payload and metadata by their SHA-256), so upcasting on read and
 * erasure by key destruction, which never rewrite stored bytes, leave the chain intact. It is specified in
 * {@code docs/audit.md} so an auditor can recompute it with standard tools.
 */
public final class HashChain {

    /** The "previous hash" of the first event of every stream: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private HashChain() {
    }

    /**
     * The canonical text of one stored event: its columns, one per line, in this order, with {@code null} as the
     * empty string and the payload and metadata bytes by their lower-case hex SHA-256.
     */
    public static String canonical(String eventId, String aggregateId, long sequence, String type,
                                   String payloadType, String payloadRevision, String timestamp,
                                   byte[] payload, byte[] metaData) {
        return String.join("\n", text(eventId), text(aggregateId), Long.toString(sequence), text(type),
                text(payloadType), text(payloadRevision), text(timestamp), sha256(payload), sha256(metaData));
    }

    /** The hash of an event given the hash of the event before it in the same stream. */
    public static String link(String previousHash, String canonical) {
        return sha256((previousHash + "\n" + canonical).getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex SHA-256 of the bytes ({@code null} counts as no bytes). */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(bytes == null ? new byte[0] : bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
