/**
 * HTTP reads of a customer: resolve by identifier, context, timeline.
 */
package org.journeyledger.journey.customer.web;
