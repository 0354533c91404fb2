/**
 * The cross-channel timeline: every touchpoint of a customer, newest first, with cursor paging.
 */
package org.journeyledger.journey.timeline;
