package org.journeyledger.journey.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.journeyledger.journey.analytics.AnalyticsBatch.Customer;
import org.journeyledger.journey.analytics.AnalyticsBatch.Point;
import org.journeyledger.journey.analytics.AnalyticsBatch.Transition;
import org.journeyledger.journey.issue.IssueRaisedEvent;
import org.journeyledger.journey.issue.IssueResolvedEvent;
import org.journeyledger.journey.promise.PromiseBrokenEvent;
import org.journeyledger.journey.promise.PromiseKeptEvent;
import org.journeyledger.journey.promise.PromiseMadeEvent;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Counts interaction points, channel transitions, re-contacts and promise outcomes into daily buckets (by
 * {@code occurredAt}, UTC). A re-contact is an inbound interaction of a customer who has an open issue and made
 * another inbound contact within the previous {@link #RECONTACT_WINDOW}. Touchpoints and issues change counters and
 * customers' rows through the processing batch ({@link AnalyticsBatch}); promises, rarer, are written as they come.
 */
@Component
@ProcessingGroup(JourneyAnalyticsProjection.PROCESSING_GROUP)
class JourneyAnalyticsProjection {

    static final String PROCESSING_GROUP = "journey-analytics";
    static final Duration RECONTACT_WINDOW = Duration.ofDays(7);

    private final JdbcTemplate jdbc;

    JourneyAnalyticsProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TouchpointRecordedEvent event) {
        String customerId = event.customerId().value();
        Date day = day(event.occurredAt());
        // Only interactions have validated sentiment and CSAT; other types' data is free-form.
        boolean interaction = "interaction".equals(event.type());
        BigDecimal sentiment = interaction ? decimal(event.data().get("sentiment")) : null;
        Integer csat = interaction ? integer(event.data().get("csat")) : null;
        boolean inbound = interaction && "inbound".equals(text(event.data().get("direction")));
        AnalyticsBatch.apply(jdbc, batch -> {
            Customer customer = batch.customer(customerId);
            boolean recontact = inbound && customer.openIssues() > 0 && customer.lastInboundAt() != null
                    && !customer.lastInboundAt().isBefore(event.occurredAt().minus(RECONTACT_WINDOW))
                    && !customer.lastInboundAt().isAfter(event.occurredAt());
            batch.count(new Point(day, event.channel(), event.type()), sentiment, csat, inbound, recontact);
            // Transitions follow the order the projection sees a customer's touchpoints; a late arrival (older than
            // the latest seen) neither makes a transition nor becomes the latest.
            boolean later = customer.lastOccurredAt() == null
                    || !event.occurredAt().isBefore(customer.lastOccurredAt());
            if (later && customer.lastChannel() != null && !customer.lastChannel().equals(event.channel())) {
                batch.count(new Transition(day, customer.lastChannel(), event.channel()));
            }
            Instant lastInbound = inbound && (customer.lastInboundAt() == null
                    || event.occurredAt().isAfter(customer.lastInboundAt())) ? event.occurredAt()
                    : customer.lastInboundAt();
            batch.customer(customerId, new Customer(later ? event.channel() : customer.lastChannel(),
                    later ? event.occurredAt() : customer.lastOccurredAt(), lastInbound, customer.openIssues()));
        });
    }

    @EventHandler
    void on(IssueRaisedEvent event) {
        openIssues(event.customerId().value(), 1);
    }

    @EventHandler
    void on(IssueResolvedEvent event) {
        openIssues(event.customerId().value(), -1);
    }

    @EventHandler
    void on(PromiseMadeEvent event) {
        Date day = day(event.origin().occurredAt());
        jdbc.update("""
                INSERT INTO analytics_promise_origin (customer_id, promise_id, day, channel) VALUES (?, ?, ?, ?)
                ON CONFLICT (customer_id, promise_id) DO NOTHING
                """, event.customerId().value(), event.promiseId(), day, event.origin().channel());
        count(day, event.origin().channel(), "made");
    }

    @EventHandler
    void on(PromiseKeptEvent event) {
        outcome(event.customerId().value(), event.promiseId(), event.late() ? "kept_late" : "kept_on_time");
    }

    @EventHandler
    void on(PromiseBrokenEvent event) {
        outcome(event.customerId().value(), event.promiseId(), "broken");
    }

    /** Called from a token reset; what a batch gathered before must not be written after the delete. */
    @ResetHandler
    void reset() {
        AnalyticsBatch.discard();
        for (String table : List.of("analytics_interaction_point", "analytics_transition", "analytics_promise",
                "analytics_customer", "analytics_promise_origin")) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    private void outcome(String customerId, String promiseId, String column) {
        List<Map<String, Object>> origin = jdbc.queryForList(
                "SELECT day, channel FROM analytics_promise_origin WHERE customer_id = ? AND promise_id = ?",
                customerId, promiseId);
        if (!origin.isEmpty()) {
            count((Date) origin.get(0).get("day"), (String) origin.get(0).get("channel"), column);
        }
    }

    private void count(Date day, String channel, String column) {
        // column is one of this class's constants, never input
        jdbc.update("INSERT INTO analytics_promise (day, channel, " + column + ") VALUES (?, ?, 1) "
                + "ON CONFLICT (day, channel) DO UPDATE SET " + column + " = analytics_promise." + column + " + 1",
                day, channel);
    }

    private void openIssues(String customerId, int delta) {
        AnalyticsBatch.apply(jdbc, batch -> {
            Customer customer = batch.customer(customerId);
            batch.customer(customerId, new Customer(customer.lastChannel(), customer.lastOccurredAt(),
                    customer.lastInboundAt(), Math.max(customer.openIssues() + delta, 0)));
        });
    }

    private static Date day(Instant at) {
        return Date.valueOf(LocalDate.ofInstant(at, ZoneOffset.UTC));
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer integer(JsonNode node) {
        return node != null && node.isIntegralNumber() ? node.intValue() : null;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
