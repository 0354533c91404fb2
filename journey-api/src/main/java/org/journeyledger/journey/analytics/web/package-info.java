/**
 * Journey analytics over HTTP.
 */
package org.journeyledger.journey.analytics.web;
