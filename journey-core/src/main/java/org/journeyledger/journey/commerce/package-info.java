/**
 * What the customer bought, returned and was refunded, in any channel (POS, web shop, call centre): purchases are
 * recorded once per order id; returns and price adjustments must name a known order.
 */
package org.journeyledger.journey.commerce;
