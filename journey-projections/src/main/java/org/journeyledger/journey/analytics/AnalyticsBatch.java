package org.journeyledger.journey.analytics;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What one processing batch of the analytics projection changes, written when the batch commits: each touched
 * customer's row once (all of them read in one query when the batch starts), and each counter bucket once with the
 * sum of the batch's increments. Per event that was three or four statements, most of the projection's CPU.
 * <p>
 * Customers' rows are written whole: the processor runs one segment (docs/architecture.md, journey analytics), so no
 * other writer changes them meanwhile. Buckets are added to rather than overwritten, in key order, so that even two
 * writers (a second segment configured by mistake) would only wait on each other, never deadlock.
 */
final class AnalyticsBatch {

    private static final String RESOURCE = AnalyticsBatch.class.getName();
    private static final Customer NEW = new Customer(null, null, null, 0);

    /** The projection's memory of a customer (see {@code analytics_customer}). */
    record Customer(String lastChannel, Instant lastOccurredAt, Instant lastInboundAt, int openIssues) {
    }

    record Point(Date day, String channel, String type) {
    }

    record Transition(Date day, String fromChannel, String toChannel) {
    }

    private static final class Sums {
        long touchpoints;
        BigDecimal sentimentSum = BigDecimal.ZERO;
        long sentimentCount;
        long csatSum;
        long csatCount;
        long inboundContacts;
        long recontacts;
    }

    private final JdbcTemplate jdbc;
    private final Map<String, Customer> customers = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private final Map<Point, Sums> points = new TreeMap<>(Comparator.comparing(Point::day)
            .thenComparing(Point::channel).thenComparing(Point::type));
    private final Map<Transition, Long> transitions = new TreeMap<>(Comparator.comparing(Transition::day)
            .thenComparing(Transition::fromChannel).thenComparing(Transition::toChannel));

    private AnalyticsBatch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs a handler's changes in the current processing batch, or writes them at once outside one. */
    static void apply(JdbcTemplate jdbc, Consumer<AnalyticsBatch> changes) {
        if (!CurrentUnitOfWork.isStarted()) {
            AnalyticsBatch alone = new AnalyticsBatch(jdbc);
            changes.accept(alone);
            alone.write();
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        changes.accept(batch.getOrComputeResource(RESOURCE, key -> {
            AnalyticsBatch created = new AnalyticsBatch(jdbc);
            if (batch instanceof BatchingUnitOfWork<?> messages) {
                Set<String> ids = new LinkedHashSet<>();
                messages.getMessages().forEach(message -> {
                    if (message instanceof DomainEventMessage<?> event) {
                        ids.add(event.getAggregateIdentifier());
                    }
                });
                created.read(ids);
            }
            batch.onPrepareCommit(committing -> created.write());
            return created;
        }));
    }

    /** Forgets what the current batch gathered (a reset deletes everything, and nothing may be written after it). */
    static void discard() {
        CurrentUnitOfWork.ifStarted(unitOfWork -> {
            AnalyticsBatch batch = unitOfWork.root().getResource(RESOURCE);
            if (batch != null) {
                batch.customers.clear();
                batch.changed.clear();
                batch.points.clear();
                batch.transitions.clear();
            }
        });
    }

    Customer customer(String customerId) {
        Customer known = customers.get(customerId);
        if (known == null) {
            read(List.of(customerId));
            known = customers.get(customerId);
        }
        return known;
    }

    void customer(String customerId, Customer now) {
        customers.put(customerId, now);
        changed.add(customerId);
    }

    void count(Point point, BigDecimal sentiment, Integer csat, boolean inbound, boolean recontact) {
        Sums sums = points.computeIfAbsent(point, key -> new Sums());
        sums.touchpoints++;
        if (sentiment != null) {
            sums.sentimentSum = sums.sentimentSum.add(sentiment);
            sums.sentimentCount++;
        }
        if (csat != null) {
            sums.csatSum += csat;
            sums.csatCount++;
        }
        sums.inboundContacts += inbound ? 1 : 0;
        sums.recontacts += recontact ? 1 : 0;
    }

    void count(Transition transition) {
        transitions.merge(transition, 1L, Long::sum);
    }

    private void read(Collection<String> ids) {
        ids.forEach(id -> customers.put(id, NEW));
        jdbc.query("""
                SELECT customer_id, last_channel, last_occurred_at, last_inbound_at, open_issues
                FROM analytics_customer WHERE customer_id = ANY(?)
                """, (ResultSet row) -> {
            customers.put(row.getString(1), new Customer(row.getString(2), instant(row.getTimestamp(3)),
                    instant(row.getTimestamp(4)), row.getInt(5)));
        }, (Object) ids.toArray(String[]::new));
    }

    private void write() {
        List<Object[]> pointRows = new ArrayList<>();
        points.forEach((point, sums) -> pointRows.add(new Object[]{point.day(), point.channel(), point.type(),
                sums.touchpoints, sums.sentimentSum, sums.sentimentCount, sums.csatSum, sums.csatCount,
                sums.inboundContacts, sums.recontacts}));
        send("""
                INSERT INTO analytics_interaction_point (day, channel, type, touchpoints, sentiment_sum,
                    sentiment_count, csat_sum, csat_count, inbound_contacts, recontacts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (day, channel, type) DO UPDATE SET
                    touchpoints = analytics_interaction_point.touchpoints + EXCLUDED.touchpoints,
                    sentiment_sum = analytics_interaction_point.sentiment_sum + EXCLUDED.sentiment_sum,
                    sentiment_count = analytics_interaction_point.sentiment_count + EXCLUDED.sentiment_count,
                    csat_sum = analytics_interaction_point.csat_sum + EXCLUDED.csat_sum,
                    csat_count = analytics_interaction_point.csat_count + EXCLUDED.csat_count,
                    inbound_contacts = analytics_interaction_point.inbound_contacts + EXCLUDED.inbound_contacts,
                    recontacts = analytics_interaction_point.recontacts + EXCLUDED.recontacts
                """, pointRows);
        List<Object[]> transitionRows = new ArrayList<>();
        transitions.forEach((transition, count) -> transitionRows.add(new Object[]{transition.day(),
                transition.fromChannel(), transition.toChannel(), count}));
        send("""
                INSERT INTO analytics_transition (day, from_channel, to_channel, transitions) VALUES (?, ?, ?, ?)
                ON CONFLICT (day, from_channel, to_channel)
                DO UPDATE SET transitions = analytics_transition.transitions + EXCLUDED.transitions
                """, transitionRows);
        List<Object[]> customerRows = new ArrayList<>();
        for (String id : changed) {
            Customer customer = customers.get(id);
            customerRows.add(new Object[]{id, customer.lastChannel(), timestamp(customer.lastOccurredAt()),
                    timestamp(customer.lastInboundAt()), customer.openIssues()});
        }
        send("""
                INSERT INTO analytics_customer (customer_id, last_channel, last_occurred_at, last_inbound_at,
                    open_issues)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (customer_id) DO UPDATE SET last_channel = EXCLUDED.last_channel,
                    last_occurred_at = EXCLUDED.last_occurred_at, last_inbound_at = EXCLUDED.last_inbound_at,
                    open_issues = EXCLUDED.open_issues
                """, customerRows);
        points.clear();
        transitions.clear();
        changed.clear();
    }

    private void send(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
        }
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
