package org.journeyledger.journey.embedded;

import java.nio.file.Path;
import java.sql.DriverManager;

/**
 * Runs a server in its own JVM, so tests can kill that JVM with -9 or force the setpriv path through PATH.
 * Usage: ServerMain DATA_DIR PORT (exit|wait) [SQL]; prints "RESULT first-value" for a query, then "READY port".
 */
public final class ServerMain {
    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), Integer.parseInt(args[1]));
        try (var c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "");
             var s = c.createStatement()) {
            if (args.length > 3 && s.execute(args[3])) {
                try (var rs = s.getResultSet()) {
                    rs.next();
                    System.out.println("RESULT " + rs.getString(1));
                }
            }
        }
        System.out.println("READY " + server.port());
        System.out.flush();
        if ("wait".equals(args[2])) {
            Thread.sleep(Long.MAX_VALUE);
        }
        server.close();
    }
}
