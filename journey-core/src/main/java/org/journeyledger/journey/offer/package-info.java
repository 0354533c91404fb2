/**
 * Offers marketing sent or showed the customer, and the offer check every channel asks before sending one: not for
 * a sku the customer just bought, not without consent for the purpose, not while the customer has an open issue.
 * Every check is decided by the customer's aggregate and recorded, so suppressions are auditable.
 */
package org.journeyledger.journey.offer;
