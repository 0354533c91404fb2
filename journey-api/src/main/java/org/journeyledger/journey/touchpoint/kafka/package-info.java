/**
 * Kafka ingestion of touchpoints: the topic {@code journey.touchpoints} carries the same JSON envelope as the HTTP
 * API, parsed and recorded by the same code; refused records go to {@code journey.touchpoints.dlt}. See
 * {@code docs/kafka.md}.
 */
package org.journeyledger.journey.touchpoint.kafka;
