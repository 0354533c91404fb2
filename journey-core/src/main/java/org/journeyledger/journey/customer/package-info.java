/**
 * The customer's journey: one event-sourced {@link org.journeyledger.journey.customer.CustomerJourney} aggregate per
 * customer, which decides on every command of every feature and keeps the customer's stream in order.
 * See {@code docs/architecture.md}.
 */
package org.journeyledger.journey.customer;
