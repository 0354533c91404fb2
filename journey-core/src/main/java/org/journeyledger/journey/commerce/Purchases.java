package org.journeyledger.journey.commerce;

import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.Origin;
import org.journeyledger.journey.touchpoint.TouchpointRefusedException;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The purchase rules of one customer: an order is recorded once; a return or a price adjustment names an order the
 * customer made, in its currency, and a return brings back no more units of a sku than were bought and not yet
 * returned. Also answers which skus the customer bought recently, for the offer check.
 */
public final class Purchases {

    /**
     * An order's currency, time and, per sku ({@code skus[i]}), the units bought and not returned
     * ({@code unitsKept[i]}).
     * <p>
     * Arrays rather than a map per order, and sku and currency strings shared through {@link String#intern()}: every
     * order a customer ever made is held for as long as the customer is cached, and with a map and its own copies of
     * the strings orders were a third of a loaded application's heap (see docs/performance.md, eleventh pass).
     */
    private record Order(String currency, Instant purchasedAt, String[] skus, int[] unitsKept) {

        Order {
            currency = currency.intern();
            for (int i = 0; i < skus.length; i++) {
                skus[i] = skus[i].intern();
            }
        }

        static Order of(PurchaseMadeEvent event) {
            Map<String, Integer> units = new LinkedHashMap<>();
            event.items().forEach(item -> units.merge(item.sku(), item.quantity(), Integer::sum));
            return new Order(event.currency(), event.origin().occurredAt(), units.keySet().toArray(String[]::new),
                    units.values().stream().mapToInt(Integer::intValue).toArray());
        }

        int kept(String sku) {
            int line = line(sku);
            return line < 0 ? 0 : unitsKept[line];
        }

        boolean includes(String sku) {
            return line(sku) >= 0;
        }

        void giveBack(List<ReturnedItem> items) {
            for (ReturnedItem item : items) {
                int line = line(item.sku());
                if (line >= 0) {
                    unitsKept[line] -= item.quantity();
                }
            }
        }

        /** By content: a record compares arrays by identity, and Axon's fixtures compare the state folded twice. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Order order && currency.equals(order.currency)
                    && purchasedAt.equals(order.purchasedAt) && Arrays.equals(skus, order.skus)
                    && Arrays.equals(unitsKept, order.unitsKept);
        }

        @Override
        public int hashCode() {
            return Objects.hash(currency, purchasedAt, Arrays.hashCode(skus), Arrays.hashCode(unitsKept));
        }

        private int line(String sku) {
            for (int i = 0; i < skus.length; i++) {
                if (skus[i].equals(sku)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private final Map<String, Order> orders = new HashMap<>();

    public PurchaseMadeEvent decide(CustomerId customerId, PurchaseDetails details, Origin origin) {
        if (orders.containsKey(details.orderId())) {
            throw new TouchpointRefusedException("data.orderId", "Order '" + details.orderId()
                    + "' was already recorded for this customer; record a correction as a return or a price adjustment");
        }
        return new PurchaseMadeEvent(customerId, details.orderId(), details.items(), details.total(),
                details.currency(), details.storeId(), origin);
    }

    public ItemsReturnedEvent decide(CustomerId customerId, ReturnDetails details, Origin origin) {
        Order order = require(details.orderId(), details.currency());
        Map<String, Integer> returning = new HashMap<>();
        details.items().forEach(item -> returning.merge(item.sku(), item.quantity(), Integer::sum));
        returning.forEach((sku, quantity) -> {
            int kept = order.kept(sku);
            if (quantity > kept) {
                throw new TouchpointRefusedException("data.items", "Order '" + details.orderId() + "' has " + kept
                        + " unit(s) of sku '" + sku + "' that could be returned, not " + quantity);
            }
        });
        return new ItemsReturnedEvent(customerId, details.orderId(), details.items(), details.amount(),
                details.currency(), origin);
    }

    public PriceAdjustedEvent decide(CustomerId customerId, PriceAdjustmentDetails details, Origin origin) {
        require(details.orderId(), details.currency());
        return new PriceAdjustedEvent(customerId, details.orderId(), new Money(details.amount(), details.currency()),
                details.reason(), origin);
    }

    /** When the customer last bought the sku at or after {@code since}, if they did. */
    public Optional<Instant> lastBought(String sku, Instant since) {
        return orders.values().stream()
                .filter(order -> order.includes(sku) && !order.purchasedAt().isBefore(since))
                .map(Order::purchasedAt)
                .max(Instant::compareTo);
    }

    public void on(PurchaseMadeEvent event) {
        orders.put(event.orderId(), Order.of(event));
    }

    public void on(ItemsReturnedEvent event) {
        orders.get(event.orderId()).giveBack(event.items());
    }

    private Order require(String orderId, String currency) {
        Order order = orders.get(orderId);
        if (order == null) {
            throw new TouchpointRefusedException("data.orderId", "Order '" + orderId
                    + "' was never recorded for this customer; record the purchase first (type purchase)");
        }
        if (!order.currency().equals(currency)) {
            throw new TouchpointRefusedException("data.currency", "Order '" + orderId + "' was paid in "
                    + order.currency() + ", not " + currency);
        }
        return order;
    }
}
