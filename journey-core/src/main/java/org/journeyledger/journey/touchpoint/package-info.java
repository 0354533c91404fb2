/**
 * Touchpoints: what any channel reports about an interaction with a customer, and the command and event that put it
 * on the customer's journey. See {@code docs/events.md} for the catalogue.
 */
package org.journeyledger.journey.touchpoint;
