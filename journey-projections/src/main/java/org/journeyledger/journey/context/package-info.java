/**
 * The customer context: the one document every channel reads to pick up where the last one left off.
 * {@link org.journeyledger.journey.context.CustomerContext} is the fold; the projection stores it per customer.
 */
package org.journeyledger.journey.context;
