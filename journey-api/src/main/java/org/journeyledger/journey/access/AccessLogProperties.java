package org.journeyledger.journey.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code journey.access-log.*} settings, listed with their defaults in {@code README.md} and explained in
 * {@code docs/security.md}.
 *
 * @param durability when an entry counts as written before the request it records is handled
 */
@ConfigurationProperties("journey.access-log")
public record AccessLogProperties(@DefaultValue("flushed") Durability durability) {

    public enum Durability {
        /**
         * The entry's commit is flushed to disk before the request is handled: no data leaves without a durable
         * entry, and every read waits for the disk (its {@code fsync}).
         */
        FLUSHED,
        /**
         * The entry is committed without waiting for the flush ({@code synchronous_commit = off} for that transaction
         * alone); PostgreSQL's WAL writer flushes it within about three {@code wal_writer_delay}s (600 ms by default).
         * A crash of the database, not of the application, can lose the entries of that last moment although their
         * data was served.
         */
        DEFERRED
    }
}
