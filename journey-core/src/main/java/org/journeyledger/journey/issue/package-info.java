/**
 * Issues the customer raised (complaints, defects), open until recorded as resolved.
 */
package org.journeyledger.journey.issue;
