/**
 * Operating the ledger: health and metrics of the projections. See {@code docs/operations.md}.
 */
package org.journeyledger.journey.operations;
