package org.journeyledger.journey.analytics.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.journeyledger.journey.analytics.JourneyAnalytics;
import org.journeyledger.journey.analytics.JourneyAnalyticsQuery;
import org.journeyledger.journey.problem.InvalidFieldsException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The journey across all channels, for marketing, sales and service alike, from the same ledger.
 */
@RestController
@RequestMapping(path = "/api/analytics", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Analytics", description = "Journey analytics across customers and channels")
class AnalyticsController {

    /** The longest range one request may sum, in days. */
    static final long MAX_DAYS = 3660;

    private final JourneyAnalyticsQuery analytics;
    private final Clock clock;

    AnalyticsController(JourneyAnalyticsQuery analytics, Clock clock) {
        this.analytics = analytics;
        this.clock = clock;
    }

    @GetMapping("/journeys")
    @Operation(summary = "Most common, most positive and most negative interaction points, channel transitions, "
            + "re-contact and promise-kept rates per channel",
            description = "from and to are UTC days (YYYY-MM-DD), both included, by occurredAt; default: the last "
                    + "30 days up to today.")
    JourneyAnalytics journeys(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                              LocalDate from,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                              LocalDate to) {
        LocalDate end = to != null ? to : LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate start = from != null ? from : end.minusDays(29);
        if (start.isAfter(end)) {
            throw new InvalidFieldsException("from", "must not be after to");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw new InvalidFieldsException("from", "the range must be shorter than " + MAX_DAYS + " days");
        }
        return analytics.between(start, end);
    }
}
