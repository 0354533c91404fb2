/**
 * Plumbing shared by the read models: how their documents are stored as JSON.
 */
package org.journeyledger.journey.readmodel;
