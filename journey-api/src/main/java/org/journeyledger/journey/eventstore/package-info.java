/**
 * The event store: Axon's JDBC storage engine and token store on PostgreSQL, on a schema owned by Flyway.
 * See {@code docs/architecture.md}.
 */
package org.journeyledger.journey.eventstore;
