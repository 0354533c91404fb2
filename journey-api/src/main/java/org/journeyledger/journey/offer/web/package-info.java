/**
 * The offer check over HTTP: any channel asks before sending an offer, and the ledger answers and records why.
 */
package org.journeyledger.journey.offer.web;
