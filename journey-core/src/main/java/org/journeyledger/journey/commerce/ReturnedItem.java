package org.journeyledger.journey.commerce;

/**
 * Units of one sku of an order that the customer brought back.
 */
public record ReturnedItem(String sku, int quantity) {
}
