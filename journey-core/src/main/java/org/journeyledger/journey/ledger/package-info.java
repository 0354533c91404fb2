/**
 * Ledger mechanics shared by every feature: how events get the identifiers the API promises. Hash chain, as-of and
 * erasure join here as they land.
 */
package org.journeyledger.journey.ledger;
