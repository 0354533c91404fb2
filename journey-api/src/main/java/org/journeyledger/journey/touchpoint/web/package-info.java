/**
 * HTTP ingestion of touchpoints, single and batch.
 */
package org.journeyledger.journey.touchpoint.web;
