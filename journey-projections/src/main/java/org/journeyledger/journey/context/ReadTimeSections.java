package org.journeyledger.journey.context;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of a {@link CustomerContext} that depend on when it is read: whether deals are active and offers valid,
 * price protection (which depends on a configured window), and the customer's computed attributes.
 */
final class ReadTimeSections {

    private static final BigDecimal HUNDRED = new BigDecimal("100");
    private static final Duration SALES_PERIOD = Duration.ofDays(365);
    private static final Duration CHANNEL_PERIOD = Duration.ofDays(90);

    private ReadTimeSections() {
    }

    static void evaluate(CustomerContext context, Instant now, Duration priceProtectionWindow) {
        context.deals.values().forEach(deal -> deal.status = dealStatus(deal, now));
        context.offers.forEach(offer -> offer.valid = now.isBefore(offer.validUntil));
        context.purchases.forEach(order -> priceProtection(order, context.offers, priceProtectionWindow));
        context.attributes = attributes(context, now);
    }

    private static String dealStatus(DealView deal, Instant now) {
        if (deal.withdrawn) {
            return "withdrawn";
        }
        if (now.isBefore(deal.validFrom)) {
            return "upcoming";
        }
        return now.isBefore(deal.validUntil) ? "active" : "expired";
    }

    /**
     * For each line, the best discount among offers on its sku received within the window before or after the
     * purchase, if better than the line's own; the difference is what price protection owes, less what price
     * adjustments already gave back.
     */
    private static void priceProtection(PurchaseView order, List<OfferView> offers, Duration window) {
        int scale = scale(order.currency);
        List<PurchaseView.PriceProtection> lines = new ArrayList<>();
        for (PurchaseView.Item item : order.items) {
            offers.stream()
                    .filter(offer -> offer.discountPercent != null && offer.skus.contains(item.sku()))
                    .filter(offer -> offer.discountPercent.compareTo(item.discountPercent()) > 0)
                    .filter(offer -> Duration.between(order.purchasedAt, offer.receivedAt).abs().compareTo(window) <= 0)
                    .max(Comparator.comparing((OfferView offer) -> offer.discountPercent)
                            .thenComparing(offer -> offer.receivedAt))
                    .ifPresent(best -> lines.add(new PurchaseView.PriceProtection(item.sku(), best.offerId,
                            best.campaign, item.discountPercent(), best.discountPercent, best.receivedAt,
                            item.unitPrice().multiply(BigDecimal.valueOf(item.quantity()))
                                    .multiply(best.discountPercent.subtract(item.discountPercent()))
                                    .divide(HUNDRED, scale, RoundingMode.HALF_UP))));
        }
        order.priceProtection = lines;
        order.eligibleDifference = lines.stream().map(PurchaseView.PriceProtection::amount)
                .reduce(BigDecimal.ZERO.setScale(scale), BigDecimal::add);
        order.remainingEligibleDifference = order.eligibleDifference.subtract(order.adjustedAmount)
                .max(BigDecimal.ZERO.setScale(scale));
    }

    private static CustomerAttributes attributes(CustomerContext context, Instant now) {
        Instant salesFrom = now.minus(SALES_PERIOD);
        Map<String, BigDecimal> lastYear = new TreeMap<>();
        Map<String, BigDecimal> lifetime = new TreeMap<>();
        Map<String, Long> units = new HashMap<>();
        Instant lastPurchase = null;
        for (PurchaseView order : context.purchases) {
            add(lifetime, order.currency, order.total);
            if (within(order.purchasedAt, salesFrom, now)) {
                add(lastYear, order.currency, order.total);
            }
            for (PurchaseView.Return returned : order.returns) {
                add(lifetime, order.currency, returned.amount().negate());
                if (within(returned.returnedAt(), salesFrom, now)) {
                    add(lastYear, order.currency, returned.amount().negate());
                }
            }
            for (PurchaseView.Adjustment adjustment : order.priceAdjustments) {
                add(lifetime, order.currency, adjustment.amount().negate());
                if (within(adjustment.adjustedAt(), salesFrom, now)) {
                    add(lastYear, order.currency, adjustment.amount().negate());
                }
            }
            if (lastPurchase == null || order.purchasedAt.isAfter(lastPurchase)) {
                lastPurchase = order.purchasedAt;
            }
            Map<String, String> categoryOfSku = new HashMap<>();
            for (PurchaseView.Item item : order.items) {
                if (item.category() != null) {
                    categoryOfSku.put(item.sku(), item.category());
                    units.merge(item.category(), (long) item.quantity(), Long::sum);
                }
            }
            order.returns.forEach(returned -> returned.items().forEach(back -> {
                String category = categoryOfSku.get(back.sku());
                if (category != null) {
                    units.merge(category, (long) -back.quantity(), Long::sum);
                }
            }));
        }
        List<CustomerAttributes.CategoryPropensity> propensity = units.entrySet().stream()
                .filter(entry -> entry.getValue() > 0)
                .map(entry -> new CustomerAttributes.CategoryPropensity(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparingLong(CustomerAttributes.CategoryPropensity::units).reversed()
                        .thenComparing(CustomerAttributes.CategoryPropensity::category))
                .toList();
        return new CustomerAttributes(now, lastYear, lifetime, lastPurchase, preferredChannel(context, now),
                propensity);
    }

    private static String preferredChannel(CustomerContext context, Instant now) {
        Instant from = now.minus(CHANNEL_PERIOD);
        Map<String, Long> counts = new HashMap<>();
        Map<String, Instant> latest = new HashMap<>();
        for (CustomerContext.ChannelTouch touch : context.recentTouchpoints) {
            if (touch.occurredAt().isBefore(from)) {
                continue;
            }
            counts.merge(touch.channel(), (long) touch.count(), Long::sum);
            latest.merge(touch.channel(), touch.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
        return counts.keySet().stream()
                .max(Comparator.comparing((String channel) -> counts.get(channel))
                        .thenComparing(latest::get))
                .orElse(null);
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        return at.isAfter(from) && !at.isAfter(to);
    }

    private static void add(Map<String, BigDecimal> sums, String currency, BigDecimal amount) {
        sums.merge(currency, amount, BigDecimal::add);
    }

    private static int scale(String currency) {
        try {
            return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }
}
