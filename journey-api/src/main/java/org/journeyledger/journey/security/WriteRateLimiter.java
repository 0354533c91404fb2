package org.journeyledger.journey.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits each credential's writes ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under {@code /api/})
 * with a token bucket: {@code requestsPerSecond} sustained, {@code burst} at once. Over the limit the answer is 429
 * with {@code Retry-After}. The buckets are per node: a cluster of n nodes admits up to n times the rate.
 */
final class WriteRateLimiter extends OncePerRequestFilter {

    private final SecurityProperties.RateLimit defaults;
    private final SecurityProblems problems;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    WriteRateLimiter(SecurityProperties.RateLimit defaults, SecurityProblems problems) {
        this.defaults = defaults;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !request.getRequestURI().startsWith("/api/")
                || "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Caller caller = Caller.current().orElse(null);
        if (caller == null) {
            chain.doFilter(request, response);
            return;
        }
        int rate = defaults.requestsPerSecond();
        int burst = defaults.burst();
        if (authentication instanceof ApiKeyAuthentication apiKey && apiKey.key() != null) {
            rate = apiKey.key().requestsPerSecond() != null ? apiKey.key().requestsPerSecond() : rate;
            burst = apiKey.key().burst() != null ? apiKey.key().burst() : burst;
        }
        int finalRate = rate;
        int finalBurst = burst;
        // Keyed by the limits too, so that a key re-issued with other limits under the same name starts afresh.
        TokenBucket bucket = buckets.computeIfAbsent(caller.name() + "|" + rate + "|" + burst,
                k -> new TokenBucket(finalRate, finalBurst));
        long waitNanos = bucket.tryTake(System.nanoTime());
        if (waitNanos > 0) {
            problems.tooManyRequests(request, response, caller, Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The classic token bucket: holds up to {@code burst} tokens, refilled at {@code rate} per second; a request
     * takes one. Small enough to own instead of a library (see docs/dependencies.md).
     */
    static final class TokenBucket {
        private final double ratePerNano;
        private final double capacity;
        private double tokens;
        private long last;

        TokenBucket(int ratePerSecond, int burst) {
            this.ratePerNano = ratePerSecond / 1e9;
            this.capacity = burst;
            this.tokens = burst;
            this.last = System.nanoTime();
        }

        /** Takes a token and answers 0, or answers how many nanoseconds until one is there. */
        synchronized long tryTake(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / ratePerNano);
        }
    }
}
