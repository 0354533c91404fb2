package org.journeyledger.journey.commerce;

import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.Origin;
import org.journeyledger.journey.touchpoint.TouchpointRefusedException;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The purchase rules of one customer: an order is recorded once; a return or a price adjustment names an order the
 * customer made, in its currency, and a return brings back no more units of a sku than were bought and not yet
 * returned. Also answers which skus the customer bought recently, for the offer check.
 */
public final class Purchases {

    /** An order's currency, time and, per sku, the units bought and not returned. */
    private record Order(String currency, Instant purchasedAt, Map<String, Integer> unitsKept) {
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
            int kept = order.unitsKept().getOrDefault(sku, 0);
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
                .filter(order -> order.unitsKept().containsKey(sku) && !order.purchasedAt().isBefore(since))
                .map(Order::purchasedAt)
                .max(Instant::compareTo);
    }

    public void on(PurchaseMadeEvent event) {
        Order order = new Order(event.currency(), event.origin().occurredAt(), new HashMap<>());
        event.items().forEach(item -> order.unitsKept().merge(item.sku(), item.quantity(), Integer::sum));
        orders.put(event.orderId(), order);
    }

    public void on(ItemsReturnedEvent event) {
        Order order = orders.get(event.orderId());
        event.items().forEach(item -> order.unitsKept().merge(item.sku(), -item.quantity(), Integer::sum));
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
