/**
 * Erasure by crypto-shredding: personal values of events are encrypted at append with the customer's data key
 * ({@link org.journeyledger.journey.erasure.FieldEncryption}), decrypted on read by an upcaster, and an erasure
 * ({@link org.journeyledger.journey.erasure.Erasure}) destroys the key, so the stored bytes, and with them the hash
 * chain, never change. See {@code docs/audit.md#erasure}.
 */
package org.journeyledger.journey.erasure;
