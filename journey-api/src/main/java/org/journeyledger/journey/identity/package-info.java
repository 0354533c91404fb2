/**
 * Identity resolution at the ledger's write path: the identity index and the configuration of identifier types.
 * See {@code docs/identity.md}.
 */
package org.journeyledger.journey.identity;
