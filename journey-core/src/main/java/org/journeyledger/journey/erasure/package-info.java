/**
 * Erasure by crypto-shredding: which fields of which events are personal data ({@link
 * org.journeyledger.journey.erasure.PersonalData}), the command that erases a customer and the event that records it.
 * Encryption and key destruction live in journey-api. See {@code docs/audit.md#erasure}.
 */
package org.journeyledger.journey.erasure;
