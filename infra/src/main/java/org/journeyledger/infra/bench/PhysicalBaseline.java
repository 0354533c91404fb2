package org.journeyledger.infra.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the same PostgreSQL does with the same rows and no ledger in between: the ceiling our ingest is compared to.
 * Rows are the very touchpoint JSON documents the ingest sent, into a scratch table with a JSONB column and a bigint
 * primary key (the event store has a few more columns and indexes, so this is a ceiling, not a like-for-like). Each
 * INSERT statement and each COPY chunk commits on its own, with the database's own durability settings.
 */
final class PhysicalBaseline {

    static final int ROWS_PER_STATEMENT = 1000;
    private static final String TABLE = "bench_raw_touchpoint";

    record Result(long rows, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private final String url;
    private final String user;
    private final String password;

    PhysicalBaseline(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    Result batchedInsert(LoadGenerator load, long rows) throws SQLException {
        try (Connection c = connect()) {
            recreate(c);
            StringBuilder sql = new StringBuilder("INSERT INTO " + TABLE + " (id, doc) VALUES ");
            for (int k = 0; k < ROWS_PER_STATEMENT; k++) {
                sql.append(k == 0 ? "" : ",").append("(?, ?::jsonb)");
            }
            // Only the database's work is timed: generating the JSON is the bench's cost, not PostgreSQL's.
            long nanos = 0;
            String[] docs = new String[ROWS_PER_STATEMENT];
            try (PreparedStatement full = c.prepareStatement(sql.toString())) {
                long i = 0;
                for (; i + ROWS_PER_STATEMENT <= rows; i += ROWS_PER_STATEMENT) {
                    for (int k = 0; k < ROWS_PER_STATEMENT; k++) {
                        docs[k] = load.touchpoint(i + k).json();
                    }
                    long start = System.nanoTime();
                    for (int k = 0; k < ROWS_PER_STATEMENT; k++) {
                        full.setLong(2 * k + 1, i + k);
                        full.setString(2 * k + 2, docs[k]);
                    }
                    full.executeUpdate();
                    nanos += System.nanoTime() - start;
                }
                for (; i < rows; i++) { // the remainder, row by row
                    String doc = load.touchpoint(i).json();
                    long start = System.nanoTime();
                    try (PreparedStatement one = c.prepareStatement("INSERT INTO " + TABLE
                            + " (id, doc) VALUES (?, ?::jsonb)")) {
                        one.setLong(1, i);
                        one.setString(2, doc);
                        one.executeUpdate();
                    }
                    nanos += System.nanoTime() - start;
                }
            }
            return new Result(rows, nanos / 1e9);
        }
    }

    Result copy(LoadGenerator load, long rows) throws Exception {
        try (Connection c = connect()) {
            recreate(c);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long nanos = 0;
            // Chunks of 100,000 rows, each its own COPY: bounded memory at the large scale.
            for (long from = 0; from < rows; from += 100_000) {
                long to = Math.min(rows, from + 100_000);
                StringBuilder csv = new StringBuilder();
                for (long i = from; i < to; i++) {
                    csv.append(i).append(",\"").append(load.touchpoint(i).json().replace("\"", "\"\"")).append("\"\n");
                }
                long start = System.nanoTime();
                try (Reader reader = new StringReader(csv.toString())) {
                    copy.copyIn("COPY " + TABLE + " (id, doc) FROM STDIN WITH (FORMAT csv)", reader);
                }
                nanos += System.nanoTime() - start;
            }
            return new Result(rows, nanos / 1e9);
        }
    }

    /**
     * Drops the scratch table and writes out whatever is still dirty (a {@code CHECKPOINT}), so that the reads
     * measured next start on a flushed database. At 100,000 customers it took 0.0 s: dropping the table discards its
     * buffers, so the baseline's 1.2 million rows were not what those reads waited for (docs/performance.md).
     *
     * @return seconds the checkpoint took
     */
    double dropTable() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            long started = System.nanoTime();
            s.execute("CHECKPOINT");
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private void recreate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, doc JSONB NOT NULL)");
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
