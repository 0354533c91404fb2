/**
 * Journey analytics over all customers, from the same ledger: the most common interaction points and channel
 * transitions, the most positive and most negative interaction points, re-contact and promise-kept rates per channel.
 * Kept by its own projection in daily counters, so a report never scans the event store. See docs/api.md.
 */
package org.journeyledger.journey.analytics;
