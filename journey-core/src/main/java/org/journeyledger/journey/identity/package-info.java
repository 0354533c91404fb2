/**
 * Identity: the identifiers channels know a customer by, their normalisation, and the events that link them to a
 * customer. The rule that an identifier has one owner is enforced where the ledger appends (see journey-api's
 * identity package and {@code docs/identity.md}).
 */
package org.journeyledger.journey.identity;
