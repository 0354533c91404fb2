package org.journeyledger.journey.commerce;

import java.math.BigDecimal;

/**
 * One line of a purchase.
 *
 * @param unitPrice       the list price of one unit before the line's discount
 * @param discountPercent the discount applied to the line, 0 when none
 * @param category        optional product category, used for the customer's product propensity
 */
public record PurchasedItem(String sku, String name, int quantity, BigDecimal unitPrice, BigDecimal discountPercent,
                            String category) {
}
