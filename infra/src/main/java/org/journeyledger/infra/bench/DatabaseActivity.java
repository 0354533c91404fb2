package org.journeyledger.infra.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * What the database did besides answering us during a phase: its shared-buffer hits and reads (a read is a page
 * PostgreSQL had to fetch from the operating system) and the autovacuum workers seen, sampled every half second.
 * On two cores a vacuum of a table the ingest has just grown competes with the reads for a CPU; the report says so
 * instead of leaving a slow tail unexplained.
 */
final class DatabaseActivity implements AutoCloseable {

    record Figures(long bufferHits, long bufferReads, Set<String> autovacuums) {
    }

    private final Connection connection;
    private final long hitsBefore;
    private final long readsBefore;
    private final Set<String> autovacuums = new TreeSet<>();
    private final Thread sampler;
    private volatile boolean running = true;

    DatabaseActivity(Callable<Connection> connect) throws Exception {
        connection = connect.call();
        long[] blocks = blocks();
        hitsBefore = blocks[0];
        readsBefore = blocks[1];
        Connection samplerConnection = connect.call();
        sampler = new Thread(() -> sample(samplerConnection), "bench-db-activity");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Stops sampling and returns what was seen since this was created. */
    Figures finish() throws SQLException, InterruptedException {
        running = false;
        sampler.join();
        long[] blocks = blocks();
        synchronized (autovacuums) {
            return new Figures(blocks[0] - hitsBefore, blocks[1] - readsBefore, Set.copyOf(autovacuums));
        }
    }

    private long[] blocks() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT blks_hit, blks_read FROM pg_stat_database"
                     + " WHERE datname = current_database()")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private void sample(Connection samplerConnection) {
        try (samplerConnection; Statement s = samplerConnection.createStatement()) {
            while (running) {
                try (ResultSet rs = s.executeQuery("SELECT query FROM pg_stat_activity"
                        + " WHERE backend_type = 'autovacuum worker' AND datname = current_database()")) {
                    while (rs.next()) {
                        synchronized (autovacuums) {
                            autovacuums.add(rs.getString(1).replace("autovacuum: ", ""));
                        }
                    }
                }
                Thread.sleep(500);
            }
        } catch (SQLException | InterruptedException e) {
            synchronized (autovacuums) {
                autovacuums.add("(sampling stopped: " + e + ")");
            }
        }
    }

    @Override
    public void close() throws SQLException {
        running = false;
        connection.close();
    }
}
