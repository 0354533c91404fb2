/**
 * Facts the customer told us, kept with where and when they said them, so no channel asks again.
 */
package org.journeyledger.journey.fact;
