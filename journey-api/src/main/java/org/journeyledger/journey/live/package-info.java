/**
 * Live updates: every event stored for a customer is pushed, within a second, to the pages that watch that
 * customer ({@code GET /api/customers/{id}/stream}, server-sent events), whichever path recorded it. See
 * {@code docs/console.md}.
 */
package org.journeyledger.journey.live;
