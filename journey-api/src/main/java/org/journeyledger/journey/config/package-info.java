/**
 * The ledger's own configuration ({@code journey.*}), read once by Spring Boot and handed to every feature: a package
 * of its own that depends on nothing of ours, so that reading a setting never ties a feature to the application.
 */
package org.journeyledger.journey.config;
