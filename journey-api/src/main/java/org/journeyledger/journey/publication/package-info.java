/**
 * Publication of the ledger to other systems: every event of the event store, in order per customer, on the Kafka
 * topic {@code journey.events} as the versioned JSON schema {@code journey.event/v1}. See {@code docs/kafka.md}.
 */
package org.journeyledger.journey.publication;
