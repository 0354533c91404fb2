package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.journeyledger.journey.ledger.HashChain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Adds the hash chain to the event store and seals the events stored before it existed, stream by stream, in the
 * same canonical form new appends use. The append-only trigger is lifted for this one migration only, inside its
 * transaction; afterwards every event has a hash and new ones get theirs at append.
 */
public class V7__Chain_event_hashes extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE domain_event_entry ADD COLUMN hash CHAR(64)");
            ddl.execute("ALTER TABLE domain_event_entry DISABLE TRIGGER domain_event_entry_append_only");
        }
        try (Statement select = connection.createStatement();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE domain_event_entry SET hash = ? WHERE global_index = ?")) {
            select.setFetchSize(1000);
            String stream = null;
            String previous = HashChain.GENESIS;
            try (ResultSet row = select.executeQuery("""
                    SELECT global_index, event_identifier, aggregate_identifier, sequence_number, type, payload_type,
                           payload_revision, time_stamp, payload, meta_data
                    FROM domain_event_entry ORDER BY aggregate_identifier, sequence_number""")) {
                while (row.next()) {
                    if (!row.getString(3).equals(stream)) {
                        stream = row.getString(3);
                        previous = HashChain.GENESIS;
                    }
                    previous = HashChain.link(previous, HashChain.canonical(row.getString(2), row.getString(3),
                            row.getLong(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                            row.getBytes(9), row.getBytes(10)));
                    update.setString(1, previous);
                    update.setLong(2, row.getLong(1));
                    update.addBatch();
                }
            }
            update.executeBatch();
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE domain_event_entry ENABLE TRIGGER domain_event_entry_append_only");
            ddl.execute("ALTER TABLE domain_event_entry ALTER COLUMN hash SET NOT NULL");
        }
    }
}
