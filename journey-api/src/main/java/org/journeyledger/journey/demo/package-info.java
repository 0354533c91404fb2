/**
 * The demo data set (field stories S1–S5 of {@code SCENARIOS.md} and background customers) and the loader that records
 * it through the public HTTP API, so that a newcomer sees the stories in the console; see {@code docs/console.md}.
 */
package org.journeyledger.journey.demo;
