/**
 * HTTP for identity decisions: undoing a merge, confirming or rejecting a possible match.
 */
package org.journeyledger.journey.identity.web;
