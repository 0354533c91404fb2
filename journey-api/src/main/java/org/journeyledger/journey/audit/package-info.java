/**
 * Audit: tamper evidence by per-customer hash chains, their verification (one customer, or the whole ledger in the
 * background with a ledger digest to compare with a copy held elsewhere) and the canonical export. See
 * {@code docs/audit.md}.
 */
package org.journeyledger.journey.audit;
