package org.journeyledger.journey.analytics;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@link JourneyAnalytics} by summing the daily counters of the journey-analytics projection over a range.
 */
@Repository
public class JourneyAnalyticsQuery {

    /** How many entries each ranking lists. */
    public static final int TOP = 10;
    private static final BigDecimal THREE = BigDecimal.valueOf(3);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private final JdbcTemplate jdbc;

    public JourneyAnalyticsQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public JourneyAnalytics between(LocalDate from, LocalDate to) {
        Date start = Date.valueOf(from);
        Date end = Date.valueOf(to);
        List<Point> points = jdbc.query("""
                SELECT channel, type, sum(touchpoints), sum(sentiment_sum), sum(sentiment_count), sum(csat_sum),
                       sum(csat_count), sum(inbound_contacts), sum(recontacts)
                FROM analytics_interaction_point WHERE day BETWEEN ? AND ?
                GROUP BY channel, type
                """, (rs, row) -> new Point(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4),
                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)), start, end);
        List<JourneyAnalytics.Transition> transitions = jdbc.query("""
                SELECT from_channel, to_channel, sum(transitions) AS n FROM analytics_transition
                WHERE day BETWEEN ? AND ? GROUP BY from_channel, to_channel
                ORDER BY n DESC, from_channel, to_channel LIMIT ?
                """, (rs, row) -> new JourneyAnalytics.Transition(rs.getString(1), rs.getString(2), rs.getLong(3)),
                start, end, TOP);
        Map<String, long[]> promises = new TreeMap<>();
        jdbc.query("""
                SELECT channel, sum(made), sum(kept_on_time), sum(kept_late), sum(broken) FROM analytics_promise
                WHERE day BETWEEN ? AND ? GROUP BY channel
                """, rs -> {
            promises.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
        }, start, end);

        List<JourneyAnalytics.InteractionPoint> common = points.stream()
                .sorted(Comparator.comparingLong(Point::touchpoints).reversed()
                        .thenComparing(Point::channel).thenComparing(Point::type))
                .limit(TOP)
                .map(p -> new JourneyAnalytics.InteractionPoint(p.channel(), p.type(), p.touchpoints()))
                .toList();
        List<JourneyAnalytics.RatedPoint> rated = points.stream()
                .filter(p -> p.sentimentCount() > 0 || p.csatCount() > 0)
                .map(JourneyAnalyticsQuery::rated)
                .toList();
        Comparator<JourneyAnalytics.RatedPoint> byScore = Comparator.comparing(JourneyAnalytics.RatedPoint::score)
                .thenComparing(JourneyAnalytics.RatedPoint::channel).thenComparing(JourneyAnalytics.RatedPoint::type);
        List<JourneyAnalytics.RatedPoint> negative = rated.stream().sorted(byScore).limit(TOP).toList();
        List<JourneyAnalytics.RatedPoint> positive = rated.stream()
                .sorted(Comparator.comparing(JourneyAnalytics.RatedPoint::score).reversed()
                        .thenComparing(JourneyAnalytics.RatedPoint::channel)
                        .thenComparing(JourneyAnalytics.RatedPoint::type))
                .limit(TOP).toList();
        return new JourneyAnalytics(from, to, common, transitions, positive, negative, channels(points, promises));
    }

    private static List<JourneyAnalytics.ChannelFigures> channels(List<Point> points, Map<String, long[]> promises) {
        Map<String, Point> perChannel = new TreeMap<>();
        for (Point p : points) {
            perChannel.merge(p.channel(), p, Point::plus);
        }
        promises.keySet().forEach(channel -> perChannel.putIfAbsent(channel,
                new Point(channel, "*", 0, BigDecimal.ZERO, 0, 0, 0, 0, 0)));
        List<JourneyAnalytics.ChannelFigures> figures = new ArrayList<>();
        perChannel.forEach((channel, p) -> {
            long[] promise = promises.getOrDefault(channel, new long[4]);
            figures.add(new JourneyAnalytics.ChannelFigures(channel, p.touchpoints(), p.inbound(), p.recontacts(),
                    ratio(p.recontacts(), p.inbound()), promise[0], promise[1], promise[2], promise[3],
                    ratio(promise[1], promise[0]), p.meanSentiment(), p.sentimentCount(), p.meanCsat(),
                    p.csatCount()));
        });
        return figures;
    }

    private static JourneyAnalytics.RatedPoint rated(Point p) {
        BigDecimal sentiment = p.meanSentiment();
        BigDecimal csat = p.meanCsat();
        BigDecimal score = sentiment != null ? sentiment : csat.subtract(THREE).divide(TWO, 4, RoundingMode.HALF_UP);
        return new JourneyAnalytics.RatedPoint(p.channel(), p.type(), score, sentiment, p.sentimentCount(), csat,
                p.csatCount());
    }

    private static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    private record Point(String channel, String type, long touchpoints, BigDecimal sentimentSum, long sentimentCount,
                         long csatSum, long csatCount, long inbound, long recontacts) {

        Point plus(Point other) {
            return new Point(channel, "*", touchpoints + other.touchpoints, sentimentSum.add(other.sentimentSum),
                    sentimentCount + other.sentimentCount, csatSum + other.csatSum, csatCount + other.csatCount,
                    inbound + other.inbound, recontacts + other.recontacts);
        }

        BigDecimal meanSentiment() {
            return sentimentCount == 0 ? null
                    : sentimentSum.divide(BigDecimal.valueOf(sentimentCount), 4, RoundingMode.HALF_UP);
        }

        BigDecimal meanCsat() {
            return csatCount == 0 ? null
                    : BigDecimal.valueOf(csatSum).divide(BigDecimal.valueOf(csatCount), 4, RoundingMode.HALF_UP);
        }
    }
}
