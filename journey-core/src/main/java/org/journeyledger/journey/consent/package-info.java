/**
 * What the customer lets us do (consent per purpose: {@code marketing_email}, {@code sms}, {@code profiling}, …) and
 * how they like to be served (preferences), latest statement per purpose or key.
 */
package org.journeyledger.journey.consent;
