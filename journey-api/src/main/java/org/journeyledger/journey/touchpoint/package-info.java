/**
 * Ingestion: parsing, validating and recording touchpoints exactly once, whichever path (HTTP, Kafka) they come by.
 */
package org.journeyledger.journey.touchpoint;
