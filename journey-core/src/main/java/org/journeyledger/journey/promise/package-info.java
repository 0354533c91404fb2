/**
 * Promises made to the customer in any channel: open until kept or cancelled, broken by the ledger itself when their
 * due time passes (an Axon deadline kept in PostgreSQL).
 */
package org.journeyledger.journey.promise;
