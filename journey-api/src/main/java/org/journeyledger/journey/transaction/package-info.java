/**
 * Writes that may race with concurrent writers, repeated whole until they win or decide anew.
 */
package org.journeyledger.journey.transaction;
