/**
 * One-off deals agreed with a customer by field sales (terms, validity, who agreed), so that every channel honours
 * them; a deal is active from {@code validFrom} until {@code validUntil} unless withdrawn.
 */
package org.journeyledger.journey.deal;
