package org.journeyledger.journey.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Reads a customer's timeline page by page, newest {@code occurredAt} first.
 */
@Repository
public class TimelineQuery {

    /** Largest page a caller may ask for. */
    public static final int MAX_LIMIT = 500;

    private final JdbcTemplate jdbc;

    public TimelineQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param cursor {@code null} for the newest page, else the {@code nextCursor} of the previous page
     * @throws IllegalArgumentException when the cursor is not one this ledger issued or the limit is out of range
     */
    public TimelinePage page(String customerId, int limit, String cursor) {
        return page("owner_id = ?", customerId, limit, cursor);
    }

    /**
     * A page of the timeline as it was at a past moment: only the given events (the customer's history as the ledger
     * knew it then), which the caller works out from the event streams.
     */
    public TimelinePage pageOf(Collection<String> eventIds, int limit, String cursor) {
        return page("event_id = ANY (?)", eventIds.toArray(String[]::new), limit, cursor);
    }

    private TimelinePage page(String which, Object whose, int limit, String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        List<TimelineEntry> rows;
        String columns = """
                SELECT event_id, source, source_event_id, channel, type, occurred_at, recorded_at, conversation_id,
                       actor, data::text, handover_from FROM timeline_entry
                WHERE\s""" + which;
        if (cursor == null || cursor.isBlank()) {
            rows = jdbc.query(columns + " ORDER BY occurred_at DESC, event_id DESC LIMIT ?",
                    TimelineQuery::entry, whose, limit + 1);
        } else {
            TimelineCursor after = TimelineCursor.decode(cursor);
            rows = jdbc.query(columns + " AND (occurred_at, event_id) < (?, ?)"
                            + " ORDER BY occurred_at DESC, event_id DESC LIMIT ?",
                    TimelineQuery::entry, whose, Timestamp.from(after.occurredAt()), after.eventId(), limit + 1);
        }
        if (rows.size() <= limit) {
            return new TimelinePage(rows, null);
        }
        List<TimelineEntry> items = rows.subList(0, limit);
        TimelineEntry last = items.get(limit - 1);
        return new TimelinePage(List.copyOf(items), new TimelineCursor(last.occurredAt(), last.eventId()).encode());
    }

    /** Every touchpoint of one conversation, oldest first, as a channel resuming it reads them. */
    public List<TimelineEntry> conversation(String customerId, String conversationId) {
        return jdbc.query("""
                SELECT event_id, source, source_event_id, channel, type, occurred_at, recorded_at, conversation_id,
                       actor, data::text, handover_from FROM timeline_entry
                WHERE owner_id = ? AND conversation_id = ? ORDER BY occurred_at, event_id
                """, TimelineQuery::entry, customerId, conversationId);
    }

    private static TimelineEntry entry(ResultSet rs, int row) throws SQLException {
        try {
            return new TimelineEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(),
                    rs.getString(8), rs.getString(9), ReadModelJson.mapper().readTree(rs.getString(10)),
                    rs.getString(11));
        } catch (JsonProcessingException e) {
            throw new SQLException("Unreadable timeline data; rebuild the projection", e);
        }
    }
}
