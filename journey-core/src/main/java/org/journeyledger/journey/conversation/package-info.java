/**
 * Conversations: one exchange with the customer that may pass through several channels (app, store, web) and is
 * resumable from any of them.
 */
package org.journeyledger.journey.conversation;
